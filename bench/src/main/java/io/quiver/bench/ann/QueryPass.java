package io.quiver.bench.ann;

import io.quiver.bench.report.Progress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a list of prepared queries once, on {@code threads} client threads that take the next
 * query from a shared counter (so a slow query does not leave a thread idle while others
 * still have work), timing each query and the pass as a whole.
 *
 * <p>The pass's wall time runs from releasing the threads (all started and waiting) to the
 * last query's end; QPS = queries / wall time. Stateless; each call uses its own threads.
 */
public final class QueryPass {
  private QueryPass() {}

  /**
   * The outcome of one pass.
   *
   * @param ids hit ids per query, in query order
   * @param latencyNanos each query's latency, in query order
   * @param wallNanos the pass's wall time
   */
  public record Result(int[][] ids, long[] latencyNanos, long wallNanos) {
    /** Queries per second. */
    public double qps() {
      return ids.length / (wallNanos / 1e9);
    }
  }

  /**
   * Runs {@code queries} once against {@code target}.
   *
   * @param bar stepped once per query (may be shared with another pass)
   * @throws RuntimeException the first failure of any query, after every thread has stopped
   */
  public static <Q> Result run(SearchTarget<Q> target, List<Q> queries, int threads, Progress.Bar bar) {
    int n = queries.size();
    int[][] ids = new int[n][];
    long[] latency = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] workers = new Thread[Math.max(1, Math.min(threads, Math.max(1, n)))];
    for (int t = 0; t < workers.length; t++) {
      workers[t] = Thread.ofPlatform().name("bench-query-" + t).start(() -> {
        try {
          go.await();
          for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
            Q q = queries.get(i);
            long t0 = System.nanoTime();
            ids[i] = target.search(q);
            latency[i] = System.nanoTime() - t0;
            bar.step();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
    }
    long start = System.nanoTime();
    go.countDown();
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while queries were running", e);
      }
    }
    long wall = System.nanoTime() - start;
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new IllegalStateException(f);
    }
    return new Result(ids, latency, wall);
  }
}
