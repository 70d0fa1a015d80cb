package io.quiver.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version written in the CSV's {@code version} column: the Maven project version of this build. */
public final class BenchVersion {
  private static final String VERSION = load();

  private BenchVersion() {}

  /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from classes without the resource. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = BenchVersion.class.getResourceAsStream("/io/quiver/bench/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
