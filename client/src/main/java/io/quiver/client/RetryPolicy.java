package io.quiver.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often the client tries a failed call again: exponential backoff with jitter,
 * only on {@linkplain QuiverException#isRetryable() retryable} failures ({@code UNAVAILABLE},
 * and {@code RESOURCE_EXHAUSTED} with a {@code retry-after} hint, which then sets the wait),
 * and never past the call's deadline: every attempt shares the deadline of the first, and a
 * wait that would end after it is not started.
 *
 * <p>Only calls that are safe to repeat are retried: reads, {@code upsert} (idempotent by
 * id: a repeated batch writes the same points again) and {@code deletePoints}.
 * {@code createCollection} and {@code deleteCollection} are not (a repeat would report
 * {@code ALREADY_EXISTS}/{@code NOT_FOUND} for the client's own success), nor is the
 * streaming {@code upsertStream}, whose points are read once.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(6).initialBackoff(Duration.ofMillis(50)).build();
 * }</pre>
 *
 * <p>Wait before retry {@code n} (1-based): {@code min(maxBackoff, initialBackoff * multiplier^(n-1))},
 * then scaled by a random factor in {@code [1 - jitter, 1 + jitter]}. Immutable and thread-safe.
 */
public final class RetryPolicy {

  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final double jitter;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
  }

  /**
   * The default: 4 attempts, 100 ms first wait, doubling up to 5 s, 20% jitter.
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt only: failures surface at once. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Attempts in all, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Wait before the first retry, before jitter. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Longest wait between attempts, before jitter. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Growth factor of the wait from one retry to the next. */
  public double multiplier() {
    return multiplier;
  }

  /** Fraction by which each wait is randomly lengthened or shortened, 0..1. */
  public double jitter() {
    return jitter;
  }

  /** The wait before retry number {@code retry} (1 for the first retry), jitter applied. */
  Duration backoff(int retry) {
    double base = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    base = Math.min(base, maxBackoff.toNanos());
    double factor = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
    return Duration.ofNanos((long) (base * factor));
  }

  /**
   * The wait before retrying after {@code failure}, or null when it must not be retried
   * (not retryable, or attempts used up). A server's retry-after hint replaces the backoff.
   *
   * @param attempt the attempt that just failed, 1-based
   */
  Duration delayAfter(QuiverException failure, int attempt) {
    if (!failure.isRetryable() || attempt >= maxAttempts) {
      return null;
    }
    return failure.retryAfter().orElseGet(() -> backoff(attempt));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
        + maxBackoff + ", multiplier=" + multiplier + ", jitter=" + jitter + "]";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double multiplier = 2.0;
    private double jitter = 0.2;

    private Builder() {}

    /**
     * Attempts in all, the first included; 1 disables retries. Default 4.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Wait before the first retry. Default 100 ms.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = requireNotNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Longest wait between attempts. Default 5 s.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = requireNotNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Growth factor of the wait. Default 2.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1)) {
        throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Random spread of each wait, as a fraction: 0.2 makes a 100 ms wait 80..120 ms, so that
     * many clients failing together do not retry together. Default 0.2.
     *
     * @throws IllegalArgumentException if not within 0..1
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException if maxBackoff is shorter than initialBackoff
     */
    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
      }
      return new RetryPolicy(this);
    }

    private static Duration requireNotNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
