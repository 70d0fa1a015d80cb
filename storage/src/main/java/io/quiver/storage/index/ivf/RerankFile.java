package io.quiver.storage.index.ivf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk-backed copy of the full vectors an IVF-PQ search re-ranks, addressed by ordinal in a
 * memory-mapped scratch file, so that a re-rank reads {@code refine x k} vectors from the page
 * cache instead of making {@code refine x k} RocksDB point lookups (about 2 us each through
 * JNI here, which at refine = 16 cost more than the whole list scan).
 *
 * <p>It is a cache, never a source of truth: the file is created empty each time the index is
 * built or loaded and deleted when it closes, so no state in it survives a crash or has to be
 * reconciled with the store. RocksDB keeps every vector; a slot that was never written reads
 * as a miss, and the caller then reads the store and fills the slot. The vectors are not on the
 * Java heap: the operating system pages the file in and out like RocksDB's own files.
 *
 * <p>Layout: slot {@code o} at byte {@code o * slotBytes} of chunk {@code o >> CHUNK_SHIFT},
 * each chunk a separate mapping of {@code 2^CHUNK_SHIFT} slots (mapped on first write, so the
 * file grows with the highest ordinal and stays sparse where nothing was written). A slot is
 * an int flag (1 = holds a vector), four bytes of padding, then {@code dim} floats.
 *
 * <p>Thread-safety: {@link #write} and {@link #fill} publish the flag with a release store
 * after the floats, and {@link #read} checks it with an acquire load before copying, so a
 * reader sees either a miss or a whole vector. Two kinds of writers exist, by the index's
 * locking: {@link #write} replaces a slot's vector for a new point and runs under the
 * collection's write lock (no reader at the same time); {@link #fill} runs on search threads
 * under the read lock and only ever stores the vector the slot's point already has, so
 * concurrent fills of one slot write identical bytes.
 */
final class RerankFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RerankFile.class);
  private static final int CHUNK_SHIFT = 12;
  private static final int CHUNK_SLOTS = 1 << CHUNK_SHIFT;
  private static final long HEADER_BYTES = 8;
  private static final VarHandle FLAG = ValueLayout.JAVA_INT.varHandle();

  private final Path path;
  private final int dim;
  private final long slotBytes;
  private final FileChannel channel;
  private final Arena arena = Arena.ofShared();
  private volatile MemorySegment[] chunks = new MemorySegment[0];
  private volatile boolean closed;
  /** Set once growing the file failed (logged once); guarded by this. */
  private boolean allocationFailed;

  private RerankFile(Path path, int dim) throws IOException {
    this.path = path;
    this.dim = dim;
    this.slotBytes = HEADER_BYTES + (long) Float.BYTES * dim;
    this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * An empty file at {@code path} (whatever was there is discarded), or null when {@code path}
   * is null or cannot be created (logged: searches then re-rank from the store, slower but
   * correct).
   */
  static RerankFile create(Path path, int dim) {
    if (path == null) {
      return null;
    }
    try {
      Files.createDirectories(path.getParent());
      return new RerankFile(path, dim);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot create the IVF-PQ re-rank file {} ({}); re-ranking will read the store", path, e.toString());
      return null;
    }
  }

  /** Copies {@code ordinal}'s vector into {@code out} and returns true, or returns false (a miss). */
  boolean read(int ordinal, float[] out) {
    MemorySegment[] cs = chunks;
    int c = ordinal >>> CHUNK_SHIFT;
    if (c >= cs.length || cs[c] == null || closed) {
      return false;
    }
    MemorySegment chunk = cs[c];
    long at = (long) (ordinal & (CHUNK_SLOTS - 1)) * slotBytes;
    if ((int) FLAG.getAcquire(chunk, at) != 1) {
      return false;
    }
    MemorySegment.copy(chunk, ValueLayout.JAVA_FLOAT_UNALIGNED, at + HEADER_BYTES, out, 0, dim);
    return true;
  }

  /** Stores a new point's vector at {@code ordinal}, replacing what the slot held. Caller excludes readers. */
  void write(int ordinal, float[] vector) {
    MemorySegment chunk = chunkFor(ordinal);
    if (chunk == null) {
      return;
    }
    long at = (long) (ordinal & (CHUNK_SLOTS - 1)) * slotBytes;
    FLAG.setRelease(chunk, at, 0);
    MemorySegment.copy(vector, 0, chunk, ValueLayout.JAVA_FLOAT_UNALIGNED, at + HEADER_BYTES, dim);
    FLAG.setRelease(chunk, at, 1);
  }

  /** Stores the vector a search just read from the store for {@code ordinal}'s current point. */
  void fill(int ordinal, float[] vector) {
    MemorySegment chunk = chunkFor(ordinal);
    if (chunk == null) {
      return;
    }
    long at = (long) (ordinal & (CHUNK_SLOTS - 1)) * slotBytes;
    MemorySegment.copy(vector, 0, chunk, ValueLayout.JAVA_FLOAT_UNALIGNED, at + HEADER_BYTES, dim);
    FLAG.setRelease(chunk, at, 1);
  }

  /** Bytes of the file mapped so far (a sparse file may use less disk). */
  long mappedBytes() {
    long bytes = 0;
    for (MemorySegment c : chunks) {
      bytes += c == null ? 0 : c.byteSize();
    }
    return bytes;
  }

  private MemorySegment chunkFor(int ordinal) {
    int c = ordinal >>> CHUNK_SHIFT;
    MemorySegment[] cs = chunks;
    if (c < cs.length && cs[c] != null) {
      return cs[c];
    }
    synchronized (this) {
      if (closed) {
        return null;
      }
      cs = chunks;
      if (c >= cs.length) {
        cs = Arrays.copyOf(cs, Math.max(c + 1, cs.length * 2));
      } else if (cs[c] != null) {
        return cs[c];
      } else {
        cs = cs.clone();
      }
      long bytes = CHUNK_SLOTS * slotBytes;
      try {
        // Write the chunk's zeros before mapping it: a store into a mapped page the file system
        // cannot back (a full disk under a sparse file) would fault, while a failed write here
        // is a plain IOException, after which the re-rank reads the store.
        allocate(c * bytes, bytes);
        cs[c] = channel.map(FileChannel.MapMode.READ_WRITE, c * bytes, bytes, arena);
      } catch (IOException e) {
        if (!allocationFailed) {
          allocationFailed = true;
          log.warn("IVF-PQ re-rank file {} cannot grow ({}); points past it are re-ranked from the store", path,
              e.toString());
        }
        return null;
      }
      chunks = cs;
      return cs[c];
    }
  }

  private void allocate(long position, long bytes) throws IOException {
    java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate((int) Math.min(bytes, 1 << 16));
    for (long at = position; at < position + bytes; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), position + bytes - at));
      at += channel.write(zeros, at);
    }
  }

  /** Unmaps and deletes the file. Searches still running see misses (or an IllegalStateException, never a crash). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    chunks = new MemorySegment[0];
    try {
      arena.close();
    } catch (IllegalStateException e) {
      // A search thread is inside a copy right now; the mapping goes when the arena is collected.
    }
    try {
      channel.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the IVF-PQ re-rank file " + path, e);
    }
  }
}
