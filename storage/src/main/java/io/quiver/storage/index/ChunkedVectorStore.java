package io.quiver.storage.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Vectors in memory, addressed by ordinal: fixed-size chunks of {@code float[]}, each holding
 * {@link #vectorsPerChunk()} vectors of {@link #dimension()} floats back to back.
 *
 * <p>Layout: vector {@code o} lives in {@code chunk[o >>> shift]} at float offset
 * {@code (o & mask) * dimension}. Chunks are a power of two vectors long and about 4 MiB, so
 * growth never copies existing vectors and a block kernel can score a whole chunk in one call.
 *
 * <p>Not thread-safe: the owning collection guards it with its read-write lock.
 */
public final class ChunkedVectorStore {
  private static final int TARGET_CHUNK_FLOATS = 1 << 20;

  private final int dimension;
  private final int shift;
  private final int mask;
  private final List<float[]> chunks = new ArrayList<>();
  private int capacity;

  public ChunkedVectorStore(int dimension) {
    this.dimension = dimension;
    int perChunk = Integer.highestOneBit(Math.max(1, TARGET_CHUNK_FLOATS / dimension));
    this.shift = Integer.numberOfTrailingZeros(perChunk);
    this.mask = perChunk - 1;
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
    return capacity;
  }

  /** Makes sure ordinals below {@code n} have storage. */
  public void ensureCapacity(int n) {
    while (capacity < n) {
      chunks.add(new float[vectorsPerChunk() * dimension]);
      capacity += vectorsPerChunk();
    }
  }

  /** Stores {@code vector} (length {@link #dimension()}) at {@code ordinal}. */
  public void set(int ordinal, float[] vector) {
    assert vector.length == dimension;
    ensureCapacity(ordinal + 1);
    System.arraycopy(vector, 0, chunks.get(ordinal >>> shift), (ordinal & mask) * dimension, dimension);
  }

  /** A copy of the vector at {@code ordinal}. */
  public float[] get(int ordinal) {
    float[] out = new float[dimension];
    System.arraycopy(chunks.get(ordinal >>> shift), (ordinal & mask) * dimension, out, 0, dimension);
    return out;
  }

  /** The chunk array holding {@code ordinal}; see the class comment for its layout. */
  public float[] chunkOf(int ordinal) {
    return chunks.get(ordinal >>> shift);
  }

  /** Float offset of {@code ordinal} inside {@link #chunkOf}. */
  public int offsetOf(int ordinal) {
    return (ordinal & mask) * dimension;
  }

  /** Heap bytes held by the vector arrays. */
  public long ramBytesUsed() {
    return (long) chunks.size() * ((long) vectorsPerChunk() * dimension * Float.BYTES + 16);
  }
}
