package io.quiver.storage.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.StorageException;
import io.quiver.storage.StorageException.Reason;
import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionValidationTest {
  @TempDir Path dir;

  private static void assertRejected(ThrowingCallable call, Reason reason, String... fragments) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StorageException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      for (String f : fragments) {
        assertThat(e.getMessage()).contains(f);
      }
    });
  }

  @Test
  void badInputIsRejectedWithItsFieldAndLeavesDataUnchanged() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", 3, VectorSimilarity.COSINE, "FLAT", 8192);
      c.upsert(List.of(new Point(PointId.of(1), new float[] {1, 0, 0}, null)));
      long seq = db.lastSequence();

      assertRejected(() -> c.upsert(List.of(new Point(PointId.of(2), new float[] {1, 0}, null))),
          Reason.INVALID_ARGUMENT, "points[0].vector", "expected 3", "got 2");
      assertRejected(() -> c.upsert(List.of(
              new Point(PointId.of(2), new float[] {1, 0, 0}, null),
              new Point(PointId.of(3), new float[] {1, Float.NaN, 0}, null))),
          Reason.INVALID_ARGUMENT, "points[1].vector[1]", "finite");
      assertRejected(() -> c.upsert(List.of(new Point(PointId.of(2), new float[] {Float.POSITIVE_INFINITY, 0, 0}, null))),
          Reason.INVALID_ARGUMENT, "finite");
      assertRejected(() -> c.upsert(List.of(new Point(PointId.of(2), new float[0], null))),
          Reason.INVALID_ARGUMENT, "empty");
      assertRejected(() -> c.upsert(List.of(new Point(PointId.of(2), new float[] {0, 0, 0}, null))),
          Reason.INVALID_ARGUMENT, "normalise");
      assertRejected(() -> c.upsert(List.of(
              new Point(PointId.of(2), new float[] {1, 0, 0}, null),
              new Point(PointId.of(2), new float[] {0, 1, 0}, null))),
          Reason.INVALID_ARGUMENT, "twice");
      assertRejected(() -> c.upsert(List.of()), Reason.INVALID_ARGUMENT, "empty");
      assertRejected(() -> c.search(SearchRequest.of(new float[] {1, 0}, 3)), Reason.INVALID_ARGUMENT, "vector", "expected 3");
      assertRejected(() -> c.search(SearchRequest.of(new float[] {1, 0, 0}, 0)), Reason.INVALID_ARGUMENT, "limit");

      assertThat(db.lastSequence()).as("nothing was written").isEqualTo(seq);
      assertThat(c.count()).isEqualTo(1);
      assertThat(c.get(List.of(PointId.of(2), PointId.of(3)), false, false)).isEmpty();
    }
  }

  @Test
  void collectionArgumentsAreChecked() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      db.create("ok_name-1", 4, VectorSimilarity.L2, "flat", 8192);
      assertRejected(() -> db.create("ok_name-1", 4, VectorSimilarity.L2, "FLAT", 8192), Reason.ALREADY_EXISTS, "ok_name-1");
      assertRejected(() -> db.create("bad name", 4, VectorSimilarity.L2, "FLAT", 8192), Reason.INVALID_ARGUMENT, "name");
      assertRejected(() -> db.create("", 4, VectorSimilarity.L2, "FLAT", 8192), Reason.INVALID_ARGUMENT, "name");
      assertRejected(() -> db.create("x".repeat(256), 4, VectorSimilarity.L2, "FLAT", 8192), Reason.INVALID_ARGUMENT, "1..255");
      db.create("x".repeat(255), 4, VectorSimilarity.L2, "FLAT", 8192);
      assertRejected(() -> db.create("d0", 0, VectorSimilarity.L2, "FLAT", 8192), Reason.INVALID_ARGUMENT, "dimension", "1..8192");
      assertRejected(() -> db.create("d1", 8193, VectorSimilarity.L2, "FLAT", 8192), Reason.INVALID_ARGUMENT, "dimension", "8193");
      assertRejected(() -> db.create("i", 4, VectorSimilarity.L2, "BTREE", 8192), Reason.INVALID_ARGUMENT, "index", "BTREE");
      assertRejected(() -> db.create("m", 4, null, "FLAT", 8192), Reason.INVALID_ARGUMENT, "metric");
      assertRejected(() -> db.get("nope"), Reason.NOT_FOUND, "nope");
      assertRejected(() -> db.delete("nope"), Reason.NOT_FOUND, "nope");
      assertRejected(() -> PointId.of("x".repeat(257)), Reason.INVALID_ARGUMENT, "256");
      assertRejected(() -> PointId.of(""), Reason.INVALID_ARGUMENT, "256");
      assertThat(db.list()).hasSize(2);
    }
  }
}
