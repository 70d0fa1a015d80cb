package io.quiver.storage.quant;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on a shared pool, with the calling thread taking part. Tasks are
 * handed out from a counter, so the caller never waits for a task nobody has started: when
 * the pool is busy (or is the pool the caller runs on), the caller simply does more of them.
 * That is what makes it safe to call from a task already running on the same pool.
 *
 * <p>Thread-safe; each {@link #forEach} call is independent.
 */
public final class Parallel {
  /** Runs everything on the caller's thread. */
  public static final Parallel SERIAL = new Parallel(Runnable::run, 1);

  private final Executor pool;
  private final int threads;

  /** {@code threads} is how many threads (the caller included) may work on one call. */
  public Parallel(Executor pool, int threads) {
    this.pool = pool;
    this.threads = Math.max(1, threads);
  }

  /** How many threads one call may use. */
  public int threads() {
    return threads;
  }

  /** Runs {@code body} for every task number in {@code [0, tasks)} and returns when all are done. */
  public void forEach(int tasks, IntConsumer body) {
    if (tasks <= 0) {
      return;
    }
    if (tasks == 1 || threads == 1) {
      for (int i = 0; i < tasks; i++) {
        body.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(tasks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            body.accept(i);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      }
    };
    int helpers = Math.min(threads, tasks) - 1;
    for (int h = 0; h < helpers; h++) {
      try {
        pool.execute(worker);
      } catch (RejectedExecutionException e) {
        break; // the pool is shutting down: the caller does the rest
      }
    }
    worker.run();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for parallel tasks", e);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }
}
