package io.quiver.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This client's version (from the filtered {@code quiver-client.properties}) and its comparisons. */
final class ClientVersion {

  /** The version of this client jar, or {@code unknown}. */
  static final String VERSION = load();

  private ClientVersion() {}

  private static String load() {
    try (InputStream in = ClientVersion.class.getResourceAsStream("quiver-client.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isEmpty() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }

  /** {@code quiver-java/<version> java/<java.version>}. */
  static String defaultUserAgent() {
    return "quiver-java/" + VERSION + " java/" + System.getProperty("java.version", "unknown");
  }

  /** {@code major.minor} of a version such as {@code 1.2.3-SNAPSHOT}, or null if it has none. */
  static String majorMinor(String version) {
    if (version == null) {
      return null;
    }
    String[] parts = version.split("[.-]");
    if (parts.length < 2 || !parts[0].chars().allMatch(Character::isDigit) || !parts[1].chars().allMatch(Character::isDigit)
        || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    return Integer.parseInt(parts[0]) + "." + Integer.parseInt(parts[1]);
  }

  /** Whether two versions agree on major.minor; unknown versions are not reported as a mismatch. */
  static boolean compatible(String client, String server) {
    String a = majorMinor(client);
    String b = majorMinor(server);
    return a == null || b == null || a.equals(b);
  }
}
