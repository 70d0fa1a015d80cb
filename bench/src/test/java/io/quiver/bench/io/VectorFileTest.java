package io.quiver.bench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TEXMEX readers against files written byte by byte here. */
class VectorFileTest {
  @TempDir
  Path dir;

  /** Little-endian bytes of int32 / float32 values given in order. */
  private static byte[] le(Object... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (Object v : values) {
      if (v instanceof Integer i) {
        b.putInt(i);
      } else {
        b.putFloat((Float) v);
      }
    }
    return b.array();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsFvecsRecordsInOrder() throws IOException {
    Path p = file("a.fvecs", le(3, 1.5f, -2f, 0.25f, 3, 4f, 5f, 6f));
    try (VectorFile f = VectorFile.open(p, VectorFile.Kind.FLOAT)) {
      assertThat(f.dimension()).isEqualTo(3);
      assertThat(f.count()).isEqualTo(2);
      assertThat(f.floatVector(0)).containsExactly(1.5f, -2f, 0.25f);
      assertThat(f.floatVector(1)).containsExactly(4f, 5f, 6f);
      assertThat(f.readAllFloats(1)).hasDimensions(1, 3);
    }
  }

  @Test
  void readsIvecsRecordsInOrder() throws IOException {
    Path p = file("gt.ivecs", le(2, 7, 0, 2, -1, 41));
    try (VectorFile f = VectorFile.open(p, VectorFile.Kind.INT)) {
      assertThat(f.count()).isEqualTo(2);
      assertThat(f.intVector(0)).containsExactly(7, 0);
      assertThat(f.intVector(1)).containsExactly(-1, 41);
      assertThat(Arrays.deepToString(f.readAllInts(10))).isEqualTo("[[7, 0], [-1, 41]]");
    }
  }

  @Test
  void truncatedFileNamesTheFileAndTheOffsetOfTheIncompleteRecord() throws IOException {
    // Two whole records of dimension 2 (12 bytes each), then a header and one of two values.
    byte[] whole = le(2, 1f, 2f, 2, 3f, 4f);
    byte[] partial = le(2, 5f);
    byte[] bytes = Arrays.copyOf(whole, whole.length + partial.length);
    System.arraycopy(partial, 0, bytes, whole.length, partial.length);
    Path p = file("base.fvecs", bytes);
    assertThatThrownBy(() -> VectorFile.open(p, VectorFile.Kind.FLOAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("truncated at byte offset 24")
        .hasMessageContaining("record 2")
        .hasMessageContaining("needs 12 bytes, but only 8 remain");
  }

  @Test
  void truncatedHeaderIsReportedAtOffsetZero() throws IOException {
    Path p = file("q.fvecs", new byte[] {3, 0});
    assertThatThrownBy(() -> VectorFile.open(p, VectorFile.Kind.FLOAT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("truncated at byte offset 0");
  }

  @Test
  void emptyFileIsAnError() throws IOException {
    Path p = file("empty.ivecs", new byte[0]);
    assertThatThrownBy(() -> VectorFile.open(p, VectorFile.Kind.INT))
        .hasMessageContaining(p.toString()).hasMessageContaining("empty");
  }

  @Test
  void recordWithAnotherDimensionNamesItsOffset() throws IOException {
    Path p = file("mixed.fvecs", le(2, 1f, 2f, 3, 1f, 2f, 3f));
    // 12 + 16 = 28 bytes is not a whole number of 12-byte records either; the header check
    // comes first and is the more useful message.
    assertThatThrownBy(() -> VectorFile.open(p, VectorFile.Kind.FLOAT))
        .hasMessageContaining(p.toString())
        .hasMessageContaining("bad record header at byte offset 12 (record 1): dimension 3");
  }

  @Test
  void nonsenseDimensionSaysItIsNotTexmex() throws IOException {
    Path p = file("text.fvecs", "hello world!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> VectorFile.open(p, VectorFile.Kind.FLOAT))
        .hasMessageContaining("byte offset 0").hasMessageContaining("TEXMEX");
  }

  @Test
  void missingFileIsNamed() {
    Path p = dir.resolve("nope.fvecs");
    assertThatThrownBy(() -> VectorFile.open(p, VectorFile.Kind.FLOAT))
        .isInstanceOf(DatasetFormatException.class).hasMessage(p + ": file not found");
  }

  @Test
  void wrongKindAndOutOfRangeReadsAreRefused() throws IOException {
    Path p = file("a.fvecs", le(1, 1f));
    try (VectorFile f = VectorFile.open(p, VectorFile.Kind.FLOAT)) {
      assertThatThrownBy(() -> f.intVector(0)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> f.floatVector(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }
}
