package io.quiver.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float store's layout: every vector reads back as written, through {@link
 * ChunkedVectorStore#get} and through its chunk and offset, across chunk growth; a chunk's
 * vectors are back to back; and, where the JVM lets us see addresses, each chunk's vectors start
 * on a 64-byte boundary.
 */
class ChunkedVectorStoreTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 100, 128, 384})
  void vectorsReadBackThroughGetAndThroughTheirChunk(int dim) {
    ChunkedVectorStore store = new ChunkedVectorStore(dim);
    int perChunk = store.vectorsPerChunk();
    int n = perChunk * 2 + 5; // three chunks
    Random random = new Random(dim);
    for (int o = 0; o < n; o++) {
      store.set(o, vector(dim, o));
    }
    for (int o = 0; o < n; o += 1 + random.nextInt(perChunk / 4 + 1)) {
      float[] expected = vector(dim, o);
      assertThat(store.get(o)).containsExactly(expected);
      float[] chunk = store.chunkOf(o);
      int at = store.offsetOf(o);
      assertThat(at).isBetween(0, chunk.length - dim);
      assertThat(Arrays.copyOfRange(chunk, at, at + dim)).containsExactly(expected);
      int first = o & -perChunk;
      assertThat(at).isEqualTo(store.offsetOf(first) + (o - first) * dim);
    }
    assertThat(store.capacity()).isGreaterThanOrEqualTo(n);
  }

  @ParameterizedTest
  @ValueSource(ints = {96, 128, 784})
  void everyVectorStartsOnACacheLineWhenTheAddressIsVisible(int dim) {
    assumeTrue(HeapArrayAddress.of(new float[1]).isPresent(), "needs --enable-native-access");
    ChunkedVectorStore store = new ChunkedVectorStore(dim);
    int perChunk = store.vectorsPerChunk();
    store.ensureCapacity(perChunk * 2);
    for (int o : new int[] {0, 1, perChunk - 1, perChunk, perChunk + 7}) {
      OptionalLong chunk = HeapArrayAddress.of(store.chunkOf(o));
      assertThat(chunk).isPresent();
      assertThat((chunk.getAsLong() + (long) store.offsetOf(o) * Float.BYTES) % 64)
          .as("vector %d of dimension %d, a multiple of 16", o, dim).isZero();
    }
  }

  private static float[] vector(int dim, int ordinal) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = ordinal * 1000f + i;
    }
    return v;
  }
}
