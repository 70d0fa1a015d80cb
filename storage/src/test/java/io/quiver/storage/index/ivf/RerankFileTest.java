package io.quiver.storage.index.ivf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The re-rank file: misses until written, whole vectors back, a fresh file on every create, gone on close. */
class RerankFileTest {
  @TempDir Path dir;

  @Test
  void readsBackWhatWasWrittenAndMissesTheRest() {
    int dim = 37;
    Path path = dir.resolve("sub").resolve("c.rerank");
    Random random = new Random(3);
    float[] out = new float[dim];
    try (RerankFile file = RerankFile.create(path, dim)) {
      assertThat(file).isNotNull();
      assertThat(file.read(0, out)).isFalse();
      assertThat(file.read(1_000_000, out)).isFalse();
      // Ordinals in the first, a middle and a far chunk (mapped on demand).
      int[] ordinals = {0, 1, 4095, 4096, 10_000, 123_456};
      float[][] vectors = new float[ordinals.length][];
      for (int i = 0; i < ordinals.length; i++) {
        vectors[i] = randomVector(random, dim);
        if (i % 2 == 0) {
          file.write(ordinals[i], vectors[i]);
        } else {
          file.fill(ordinals[i], vectors[i]);
        }
      }
      for (int i = 0; i < ordinals.length; i++) {
        assertThat(file.read(ordinals[i], out)).isTrue();
        assertThat(out).containsExactly(vectors[i]);
      }
      assertThat(file.read(2, out)).isFalse();
      assertThat(file.read(4097, out)).isFalse();
      // A new point at a reused ordinal replaces the vector.
      float[] replacement = randomVector(random, dim);
      file.write(4096, replacement);
      assertThat(file.read(4096, out)).isTrue();
      assertThat(out).containsExactly(replacement);
      assertThat(file.mappedBytes()).isGreaterThan(0);
      assertThat(path).exists();
    }
    assertThat(path).doesNotExist();
  }

  @Test
  void aLeftoverFileFromACrashIsDiscarded() throws Exception {
    int dim = 4;
    Path path = dir.resolve("c.rerank");
    RerankFile first = RerankFile.create(path, dim);
    first.write(5, new float[] {1, 2, 3, 4});
    // Simulate a crash: the file stays behind, unclosed; a copy of it is what the next start finds.
    Path leftover = dir.resolve("leftover");
    Files.copy(path, leftover);
    first.close();
    Files.move(leftover, path);
    try (RerankFile second = RerankFile.create(path, dim)) {
      assertThat(second.read(5, new float[dim])).isFalse();
    }
  }

  @Test
  void aFileThatCannotBeCreatedMeansNoCacheNotAFailure() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    assertThat(RerankFile.create(notADirectory.resolve("c.rerank"), 8)).isNull();
  }

  @Test
  void noPathMeansNoFile() {
    assertThat(RerankFile.create(null, 8)).isNull();
  }

  private static float[] randomVector(Random random, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    return v;
  }
}
