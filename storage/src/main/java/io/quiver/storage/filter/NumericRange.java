package io.quiver.storage.filter;

import io.quiver.storage.StorageException;

/**
 * Bounds of a range condition. Each bound is optional and may be a double or an int64; a value
 * must satisfy every bound given. Int64 values are compared with double bounds exactly (as
 * mathematical numbers, never by rounding the int64 to a double), so timestamps and large ids
 * compare correctly. NaN values never match. Immutable.
 */
public record NumericRange(Double gt, Double gte, Double lt, Double lte, Long gtInt, Long gteInt, Long ltInt,
    Long lteInt) {

  public static NumericRange gte(double v) {
    return new NumericRange(null, v, null, null, null, null, null, null);
  }

  void check(String where) {
    for (Double d : new Double[] {gt, gte, lt, lte}) {
      if (d != null && d.isNaN()) {
        throw StorageException.invalid(where + ": NaN bound");
      }
    }
    if (gt == null && gte == null && lt == null && lte == null && gtInt == null && gteInt == null
        && ltInt == null && lteInt == null) {
      throw StorageException.invalid(where + ": at least one bound is required");
    }
  }

  /** Whether the int64 {@code v} satisfies every bound. */
  public boolean test(long v) {
    return (gt == null || compare(v, gt) > 0) && (gte == null || compare(v, gte) >= 0)
        && (lt == null || compare(v, lt) < 0) && (lte == null || compare(v, lte) <= 0)
        && (gtInt == null || v > gtInt) && (gteInt == null || v >= gteInt)
        && (ltInt == null || v < ltInt) && (lteInt == null || v <= lteInt);
  }

  /** Whether the double {@code v} satisfies every bound. */
  public boolean test(double v) {
    if (Double.isNaN(v)) {
      return false;
    }
    return (gt == null || v > gt) && (gte == null || v >= gte) && (lt == null || v < lt)
        && (lte == null || v <= lte) && (gtInt == null || compare(gtInt, v) < 0)
        && (gteInt == null || compare(gteInt, v) <= 0) && (ltInt == null || compare(ltInt, v) > 0)
        && (lteInt == null || compare(lteInt, v) >= 0);
  }

  /** Lowest double that may pass (a safe lower bound for index range scans). */
  public double lowerApprox() {
    double lo = Double.NEGATIVE_INFINITY;
    if (gt != null) lo = Math.max(lo, gt);
    if (gte != null) lo = Math.max(lo, gte);
    if (gtInt != null) lo = Math.max(lo, Math.nextDown((double) gtInt));
    if (gteInt != null) lo = Math.max(lo, Math.nextDown((double) gteInt));
    return lo;
  }

  /** Highest double that may pass (a safe upper bound for index range scans). */
  public double upperApprox() {
    double hi = Double.POSITIVE_INFINITY;
    if (lt != null) hi = Math.min(hi, lt);
    if (lte != null) hi = Math.min(hi, lte);
    if (ltInt != null) hi = Math.min(hi, Math.nextUp((double) ltInt));
    if (lteInt != null) hi = Math.min(hi, Math.nextUp((double) lteInt));
    return hi;
  }

  /** Exact comparison of an int64 with a (non-NaN) double: sign of (a - b). */
  static int compare(long a, double b) {
    if (b >= 0x1p63) {
      return -1;
    }
    if (b < -0x1p63) {
      return 1;
    }
    double f = Math.floor(b); // exactly representable as a long in this range
    long fl = (long) f;
    if (a != fl) {
      return a < fl ? -1 : 1;
    }
    return b > f ? -1 : 0;
  }
}
