package io.quiver.bench.cli;

/** Checks of option values that picocli's types cannot express. Stateless. */
final class Options {
  private Options() {}

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A gRPC target written HOST:PORT, with a port in 1..65535. */
  static void checkTarget(String target) {
    int colon = target.lastIndexOf(':');
    boolean ok = colon > 0 && colon < target.length() - 1;
    if (ok) {
      try {
        int port = Integer.parseInt(target.substring(colon + 1));
        ok = port >= 1 && port <= 65535;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    require(ok, "--target must be HOST:PORT (e.g. localhost:7070), got '" + target + "'");
  }
}
