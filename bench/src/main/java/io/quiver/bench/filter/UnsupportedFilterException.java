package io.quiver.bench.filter;

/**
 * The engine or server the runner measures cannot evaluate a metadata filter (yet). The
 * runner reports it before loading anything and exits; it never falls back to an unfiltered
 * search, which would report recall against the wrong ground truth.
 */
public final class UnsupportedFilterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says where filters are missing. */
  public UnsupportedFilterException(String message) {
    super(message);
  }
}
