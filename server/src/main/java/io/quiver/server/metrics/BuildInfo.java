package io.quiver.server.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: Quiver's version (from {@code quiver-build.properties}, filled in by
 * Maven), the Java runtime version, and whether the Vector API module is present.
 *
 * @param version Quiver's version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param javaVersion the runtime's {@code java.version}
 * @param vectorApi {@code present} when {@code jdk.incubator.vector} is in the boot layer,
 *     {@code absent} when it is not (then the scalar kernels run)
 */
public record BuildInfo(String version, String javaVersion, String vectorApi) {
  /** The running build. */
  public static BuildInfo current() {
    String version = "unknown";
    try (InputStream in = BuildInfo.class.getResourceAsStream("/quiver-build.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        version = p.getProperty("version", version);
      }
    } catch (IOException e) {
      // keep "unknown"
    }
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    return new BuildInfo(version, System.getProperty("java.version", "unknown"), vector ? "present" : "absent");
  }
}
