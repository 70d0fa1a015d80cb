package io.quiver.storage.kv;

import io.quiver.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises every write of the engine through one thread that joins the writes waiting at
 * that moment into a single batch and a single WAL fsync (group commit), then applies them
 * to in-memory state in the same order and only then acknowledges them.
 *
 * <p>Why one thread: the order in which writes become durable must be the order in which
 * they change in-memory indexes, or a replaced point could end up with the older vector in
 * memory and the newer on disk. One committer gives that order for free and lets N
 * concurrent writers pay for one fsync instead of N.
 *
 * <p>Each write gets a sequence number, strictly increasing, stored in the same batch under
 * {@code seqKey} so a restart continues from the last durable one. If a durable write
 * fails, the committer stops taking writes (like PostgreSQL after a failed fsync): the state
 * of the log is unknown and acknowledging more writes could lose them.
 *
 * <p>Thread-safe.
 */
public final class GroupCommitter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /** Most writes joined into one group; bounds the latency of the first write in a group. */
  private static final int MAX_GROUP = 512;
  /** Most bytes joined into one group (a single huge write still goes through alone). */
  private static final long MAX_GROUP_BYTES = 64L << 20;

  /**
   * One logical write. {@link #prepare} runs on the committer thread before the group is
   * written and may reject the write alone by throwing; {@link #apply} runs after the group is
   * durable, in sequence order, and produces the caller's result.
   */
  public interface Write<T> {
    /** Adds this write's operations to {@code batch}; {@code sequence} is its number. */
    void prepare(KvBatch batch, long sequence);

    /** Makes the durable write visible in memory; returns the result for the caller. */
    T apply(long sequence);

    /**
     * Whether this write must be fsynced before it is acknowledged. A group is synced when
     * any of its writes asks for it, so an ASYNC write never weakens a SYNC one beside it.
     */
    default boolean sync() {
      return true;
    }
  }

  private record Pending<T>(Write<T> write, CompletableFuture<T> future, KvBatch batch, long[] seq) {
    void prepareInto(long sequence) {
      seq[0] = sequence;
      write.prepare(batch, sequence);
    }

    void finish() {
      try {
        future.complete(write.apply(seq[0]));
      } catch (RuntimeException | Error e) {
        future.completeExceptionally(e);
      }
    }
  }

  private final KvStore store;
  private final byte[] seqKey;
  private final boolean syncAllowed;
  private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile long lastSequence;
  private volatile boolean stopping;
  private volatile StorageException failure;
  private final GroupCommitListener listener;

  /** Observer of group sizes and sync times (metrics). */
  public interface GroupCommitListener {
    void onGroupWritten(int writes, long nanos);

    /** A durable write failed and no more writes will be accepted; called once. */
    default void onWritesStopped(StorageException reason) {}

    GroupCommitListener NONE = (writes, nanos) -> {};
  }

  /**
   * Starts the committer. {@code seqKey} in {@link Column#META} holds the last sequence
   * (8 bytes big-endian); {@code sync} false never fsyncs (every write then survives a process
   * crash, not a power loss), whatever the writes ask for.
   */
  public GroupCommitter(KvStore store, byte[] seqKey, boolean sync, GroupCommitListener listener) {
    this.store = store;
    this.seqKey = seqKey.clone();
    this.syncAllowed = sync;
    this.listener = listener;
    byte[] stored = store.get(Column.META, seqKey);
    this.lastSequence = stored == null ? 0 : java.nio.ByteBuffer.wrap(stored).getLong();
    this.thread = Thread.ofPlatform().name("quiver-group-commit").daemon(true).unstarted(this::run);
    thread.start();
  }

  /** The sequence number of the last durable write. */
  public long lastSequence() {
    return lastSequence;
  }

  /** Queues a write; the future completes after it is durable and applied. */
  public <T> CompletableFuture<T> submit(Write<T> write) {
    CompletableFuture<T> future = new CompletableFuture<>();
    StorageException failed = failure;
    if (failed != null) {
      future.completeExceptionally(failed);
      return future;
    }
    if (stopping) {
      future.completeExceptionally(new StorageException(StorageException.Reason.UNAVAILABLE,
          "store is shutting down; write not accepted"));
      return future;
    }
    queue.add(new Pending<>(write, future, new KvBatch(), new long[1]));
    return future;
  }

  /** Submits and waits; rethrows the write's own exception unwrapped. */
  public <T> T submitAndWait(Write<T> write) {
    try {
      return submit(write).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Whether a failed durable write has stopped the committer. */
  public boolean failed() {
    return failure != null;
  }

  private void run() {
    List<Pending<?>> group = new ArrayList<>();
    while (true) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping && queue.isEmpty()) {
            return;
          }
          continue;
        }
        group.clear();
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        commit(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        // Never let the committer die silently: fail what is pending and stop writes.
        log.error("group commit failed unexpectedly; writes are stopped", t);
        failure = new StorageException(StorageException.Reason.UNAVAILABLE,
            "writes are stopped after an internal error: " + t);
        listener.onWritesStopped(failure);
        for (Pending<?> p : group) {
          p.future().completeExceptionally(failure);
        }
      }
    }
  }

  private void commit(List<Pending<?>> group) {
    if (failure != null) {
      group.forEach(p -> p.future().completeExceptionally(failure));
      return;
    }
    KvBatch combined = new KvBatch();
    List<Pending<?>> prepared = new ArrayList<>(group.size());
    long seq = lastSequence;
    for (Pending<?> p : group) {
      if (!prepared.isEmpty() && combined.approximateBytes() > MAX_GROUP_BYTES) {
        // Too big to join: put it back in front by committing what we have first.
        commitPrepared(combined, prepared, seq);
        combined = new KvBatch();
        prepared = new ArrayList<>();
        seq = lastSequence;
        if (failure != null) {
          p.future().completeExceptionally(failure);
          continue;
        }
      }
      try {
        p.prepareInto(seq + 1);
        seq++;
        combined.addAll(p.batch());
        prepared.add(p);
      } catch (RuntimeException e) {
        p.future().completeExceptionally(e);
      }
    }
    commitPrepared(combined, prepared, seq);
  }

  private void commitPrepared(KvBatch combined, List<Pending<?>> prepared, long seq) {
    if (prepared.isEmpty()) {
      return;
    }
    combined.put(Column.META, seqKey, java.nio.ByteBuffer.allocate(8).putLong(seq).array());
    boolean sync = false;
    for (Pending<?> p : prepared) {
      sync |= p.write().sync();
    }
    long start = System.nanoTime();
    try {
      store.write(combined, sync && syncAllowed);
    } catch (RuntimeException e) {
      failure = new StorageException(StorageException.Reason.UNAVAILABLE,
          "writes are stopped: a durable write failed (" + e.getMessage() + ")", e);
      log.error("durable write failed; refusing further writes", e);
      // Tell the listener before the writers hear of it, so readiness is off by the time any
      // caller sees the error.
      listener.onWritesStopped(failure);
      prepared.forEach(p -> p.future().completeExceptionally(failure));
      return;
    }
    listener.onGroupWritten(prepared.size(), System.nanoTime() - start);
    lastSequence = seq;
    for (Pending<?> p : prepared) {
      p.finish();
    }
  }

  /** Stops taking writes, commits what is queued, and waits for the thread to end. */
  @Override
  public void close() {
    stopping = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending<?> p;
    while ((p = queue.poll()) != null) {
      p.future().completeExceptionally(new StorageException(StorageException.Reason.UNAVAILABLE,
          "store closed before the write was committed"));
    }
  }
}
