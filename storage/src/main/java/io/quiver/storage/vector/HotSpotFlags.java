package io.quiver.storage.vector;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Reads HotSpot VM options (for example {@code TieredStopAtLevel}, {@code UseFMA}) so that the
 * kernel choice can depend on what the JIT will actually do. Kept apart from {@link
 * VectorizationProvider} because the Panama kernels read one too. Thread-safe (stateless).
 */
public final class HotSpotFlags {
  private HotSpotFlags() {}

  /**
   * The value of VM option {@code name} as text, or empty when this is not a HotSpot VM, the
   * option does not exist, or the management API is unavailable.
   */
  public static Optional<String> option(String name) {
    try {
      HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return bean == null ? Optional.empty() : Optional.of(bean.getVMOption(name).getValue());
    } catch (IllegalArgumentException | SecurityException | LinkageError e) {
      // Not HotSpot, an unknown option, or jdk.management left out of the image: all mean
      // "we cannot tell", which callers treat as their conservative default.
      return Optional.empty();
    }
  }

  /** The boolean VM option {@code name}, or {@code fallback} when it cannot be read. */
  public static boolean flag(String name, boolean fallback) {
    return option(name).map(Boolean::parseBoolean).orElse(fallback);
  }
}
