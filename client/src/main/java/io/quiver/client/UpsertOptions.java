package io.quiver.client;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link QuiverClient#upsertAll upsertAll} sends its points: batch size, how many batches
 * are in flight at once, and a progress callback.
 *
 * <pre>{@code
 * UpsertOptions options = UpsertOptions.builder()
 *     .batchSize(500)
 *     .maxInFlight(4)
 *     .onProgress(p -> System.out.println(p.points() + " points stored"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe (if the callback is).
 */
public final class UpsertOptions {

  /** Points per batch unless set: half the server's default limit of 1000. */
  public static final int DEFAULT_BATCH_SIZE = 500;
  /** Batches in flight unless set. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 4;

  private static final UpsertOptions DEFAULTS = builder().build();

  private final int batchSize;
  private final int maxInFlight;
  private final Consumer<UpsertProgress> onProgress;

  private UpsertOptions(Builder b) {
    this.batchSize = b.batchSize;
    this.maxInFlight = b.maxInFlight;
    this.onProgress = b.onProgress;
  }

  /** 500 points per batch, 4 batches in flight, no progress callback. */
  public static UpsertOptions defaults() {
    return DEFAULTS;
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Points per Upsert call. */
  public int batchSize() {
    return batchSize;
  }

  /** Upsert calls awaiting their acknowledgement at most at once. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** The progress callback; a no-op when none was set. */
  public Consumer<UpsertProgress> onProgress() {
    return onProgress;
  }

  /** Builds {@link UpsertOptions}. Not thread-safe. */
  public static final class Builder {
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Consumer<UpsertProgress> onProgress = p -> {};

    private Builder() {}

    /**
     * Points per batch, 1 up to the server's limit ({@code limits.max_batch_size}, 1000 by
     * default). Default 500.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = Requests.requireBatchSize(batchSize);
      return this;
    }

    /**
     * How many batches may await their acknowledgement at once; more hides more network and
     * fsync latency, at the cost of memory for the batches in flight. Default 4.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /**
     * Called after each acknowledged batch with the cumulative counts. Calls come one at a
     * time, from gRPC's (or the client's callback executor's) threads, so the callback must
     * be quick and must not block. If it throws, the load stops and {@code upsertAll} throws
     * that exception.
     */
    public Builder onProgress(Consumer<UpsertProgress> onProgress) {
      this.onProgress = Objects.requireNonNull(onProgress, "onProgress");
      return this;
    }

    /** The options. */
    public UpsertOptions build() {
      return new UpsertOptions(this);
    }
  }
}
