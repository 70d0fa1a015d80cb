package io.quiver.client;

import io.grpc.Status;
import io.quiver.proto.v1.UpsertRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@link QuiverClient#upsertAll} run: the caller's thread reads and converts batches and
 * starts their calls, a semaphore bounds the calls in flight, and completions (on gRPC's or
 * the callback executor's threads) add up the counts under a lock and report progress. Used
 * once, by one caller thread.
 */
final class UpsertPipeline {

  private final String collection;
  private final UpsertOptions options;
  private final CallRunner runner;
  private final RawStubs stubs;
  private final Semaphore permits;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final long start = System.nanoTime();
  // Guarded by this.
  private long points;
  private long batches;
  private long sequence;

  UpsertPipeline(String collection, UpsertOptions options, CallRunner runner, RawStubs stubs) {
    this.collection = collection;
    this.options = options;
    this.runner = runner;
    this.stubs = stubs;
    this.permits = new Semaphore(options.maxInFlight());
  }

  UpsertSummary run(Iterator<? extends Point> source) {
    try {
      while (failure.get() == null && source.hasNext()) {
        List<Point> batch = new ArrayList<>(options.batchSize());
        while (batch.size() < options.batchSize() && source.hasNext()) {
          batch.add(Objects.requireNonNull(source.next(), "the points iterable returned null"));
        }
        UpsertRequest request = Requests.upsert(collection, batch);
        try {
          permits.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure.compareAndSet(null,
              new QuiverException(Status.CANCELLED.withDescription("interrupted during upsertAll"), e));
          break;
        }
        if (failure.get() != null) {
          permits.release();
          break;
        }
        runner.async(true, d -> stubs.pointsFuture().withDeadline(d).upsert(request), r -> r)
            .whenComplete((reply, t) -> {
              try {
                if (t != null) {
                  failure.compareAndSet(null, t);
                } else if (failure.get() == null) {
                  acknowledged(reply.getApplied(), reply.getSequence());
                }
              } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
              } finally {
                permits.release();
              }
            });
      }
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e); // the caller's iterable or a point's conversion
    } finally {
      // Wait for the calls in flight; each ends by its deadline at the latest.
      permits.acquireUninterruptibly(options.maxInFlight());
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
    synchronized (this) {
      return new UpsertSummary(points, batches, sequence, elapsed());
    }
  }

  private synchronized void acknowledged(long applied, long seq) {
    points += applied;
    batches++;
    if (Long.compareUnsigned(seq, sequence) > 0) {
      sequence = seq;
    }
    options.onProgress().accept(new UpsertProgress(points, batches, elapsed()));
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
