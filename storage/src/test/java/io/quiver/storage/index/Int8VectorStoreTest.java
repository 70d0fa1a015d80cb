package io.quiver.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int8 copy beside the float vectors: each component within half a step of its float,
 * approximate dot products within the bound that rounding allows, zero vectors handled, and
 * kept in step by every {@link ChunkedVectorStore#set} across chunk growth.
 */
class Int8VectorStoreTest {
  @Test
  void codesAreWithinHalfAStepAndDotProductsWithinTheirBound() {
    int dim = 77;
    Random random = new Random(5);
    ChunkedVectorStore floats = new ChunkedVectorStore(dim, true);
    Int8VectorStore int8 = floats.int8();
    assertThat(int8).isNotNull();
    int n = floats.vectorsPerChunk() * 2 + 3; // three chunks
    for (int o = 0; o < n; o++) {
      float[] v = new float[dim];
      double magnitude = Math.pow(10, random.nextInt(7) - 3); // 1e-3 .. 1e3
      for (int i = 0; i < dim; i++) {
        v[i] = (float) (random.nextGaussian() * magnitude);
      }
      floats.set(o, v);
    }
    for (int o = 0; o < n; o += 97) {
      float[] v = floats.get(o);
      float scale = int8.scale(o);
      byte[] codes = int8.chunkOf(o);
      int at = int8.offsetOf(o);
      float max = 0;
      for (int i = 0; i < dim; i++) {
        max = Math.max(max, Math.abs(v[i]));
        assertThat(Math.abs(v[i] - codes[at + i] * scale)).isLessThanOrEqualTo(scale * 0.5f * 1.001f);
      }
      assertThat(scale).isCloseTo(max / 127f, org.assertj.core.data.Offset.offset(max * 1e-6f));
      // <x, y> from the codes: each side is off by at most half a step per component.
      float[] w = floats.get((o + 1) % n);
      int dot = 0;
      double exact = 0;
      double bound = 0;
      int wo = int8.offsetOf((o + 1) % n);
      byte[] wc = int8.chunkOf((o + 1) % n);
      float ws = int8.scale((o + 1) % n);
      for (int i = 0; i < dim; i++) {
        dot += codes[at + i] * wc[wo + i];
        exact += (double) v[i] * w[i];
        bound += Math.abs(v[i]) * ws * 0.5 + Math.abs(w[i]) * scale * 0.5 + scale * ws * 0.25;
      }
      assertThat((double) scale * ws * dot).isCloseTo(exact, org.assertj.core.data.Offset.offset(bound * 1.01 + 1e-30));
    }
  }

  @Test
  void aZeroVectorHasScaleZeroAndZeroCodes() {
    byte[] out = {1, 2, 3, 4};
    assertThat(Int8VectorStore.quantize(new float[4], 0, 4, out, 0)).isZero();
    assertThat(out).containsOnly((byte) 0);
  }

  @Test
  void extremesMapToPlusMinus127() {
    byte[] out = new byte[3];
    float scale = Int8VectorStore.quantize(new float[] {-2f, 1f, 2f}, 0, 3, out, 0);
    assertThat(out).containsExactly((byte) -127, (byte) 64, (byte) 127);
    assertThat(scale).isEqualTo(2f / 127f);
  }

  @Test
  void storesWithoutTheCopyHaveNone() {
    assertThat(new ChunkedVectorStore(8).int8()).isNull();
  }
}
