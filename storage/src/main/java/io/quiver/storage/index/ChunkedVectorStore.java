package io.quiver.storage.index;

import java.util.Arrays;

/**
 * Vectors in memory, addressed by ordinal: fixed-size chunks of {@code float[]}, each holding
 * {@link #vectorsPerChunk()} vectors of {@link #dimension()} floats back to back.
 *
 * <p>Layout: vector {@code o} lives in {@code chunks[o >>> shift]} at float offset
 * {@code (o & mask) * dimension}. Chunks are a power of two vectors long and about 4 MiB, so
 * growth never copies a vector and a block kernel can score a whole chunk in one call.
 *
 * <p>Thread-safety: one writer at a time (the owning collection's write lock); readers need
 * no lock for ordinals whose vector was written before the ordinal was handed to them through
 * a happens-before edge (a lock, a concurrent queue). The chunk directory is replaced, never
 * changed in place, so a reader always sees a complete one.
 */
public final class ChunkedVectorStore {
  private static final int TARGET_CHUNK_FLOATS = 1 << 20;

  private final int dimension;
  private final int shift;
  private final int mask;
  private volatile float[][] chunks = new float[0][];
  /** The int8 copy kept beside the floats, or null. */
  private final Int8VectorStore int8;

  public ChunkedVectorStore(int dimension) {
    this(dimension, false);
  }

  /** A store that also keeps an {@link Int8VectorStore} copy of every vector when {@code withInt8Copy}. */
  public ChunkedVectorStore(int dimension, boolean withInt8Copy) {
    this.dimension = dimension;
    int perChunk = Integer.highestOneBit(Math.max(1, TARGET_CHUNK_FLOATS / dimension));
    this.shift = Integer.numberOfTrailingZeros(perChunk);
    this.mask = perChunk - 1;
    this.int8 = withInt8Copy ? new Int8VectorStore(dimension, shift) : null;
  }

  /** The int8 copy of these vectors (kept in step by {@link #set}), or null when there is none. */
  public Int8VectorStore int8() {
    return int8;
  }

  public int dimension() {
    return dimension;
  }

  /** Vectors per chunk (a power of two). */
  public int vectorsPerChunk() {
    return mask + 1;
  }

  /** Number of ordinals that have storage. */
  public int capacity() {
    return chunks.length << shift;
  }

  /** Makes sure ordinals below {@code n} have storage. Writer only. */
  public void ensureCapacity(int n) {
    float[][] current = chunks;
    int needed = (int) (((long) n + mask) >>> shift);
    if (needed <= current.length) {
      return;
    }
    float[][] grown = Arrays.copyOf(current, Math.max(needed, current.length + (current.length >> 1)));
    for (int i = current.length; i < grown.length; i++) {
      grown[i] = new float[vectorsPerChunk() * dimension];
    }
    if (int8 != null) {
      int8.ensureChunks(grown.length);
    }
    chunks = grown;
  }

  /** Stores {@code vector} (length {@link #dimension()}) at {@code ordinal}. Writer only. */
  public void set(int ordinal, float[] vector) {
    assert vector.length == dimension;
    ensureCapacity(ordinal + 1);
    System.arraycopy(vector, 0, chunks[ordinal >>> shift], (ordinal & mask) * dimension, dimension);
    if (int8 != null) {
      int8.set(ordinal, vector, 0);
    }
  }

  /** A copy of the vector at {@code ordinal}. */
  public float[] get(int ordinal) {
    float[] out = new float[dimension];
    System.arraycopy(chunks[ordinal >>> shift], (ordinal & mask) * dimension, out, 0, dimension);
    return out;
  }

  /** The chunk array holding {@code ordinal}; see the class comment for its layout. */
  public float[] chunkOf(int ordinal) {
    return chunks[ordinal >>> shift];
  }

  /** Float offset of {@code ordinal} inside {@link #chunkOf}. */
  public int offsetOf(int ordinal) {
    return (ordinal & mask) * dimension;
  }

  /** Heap bytes held by the vector arrays. */
  public long ramBytesUsed() {
    return (long) chunks.length * ((long) vectorsPerChunk() * dimension * Float.BYTES + 16) + 16L * chunks.length
        + (int8 == null ? 0 : int8.ramBytesUsed());
  }
}
