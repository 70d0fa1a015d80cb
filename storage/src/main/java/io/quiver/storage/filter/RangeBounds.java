package io.quiver.storage.filter;

/** Safe double envelopes of a {@link NumericRange}, for index range scans. Stateless. */
public final class RangeBounds {
  private RangeBounds() {}

  public static double lower(NumericRange r) {
    return r.lowerApprox();
  }

  public static double upper(NumericRange r) {
    return r.upperApprox();
  }
}
