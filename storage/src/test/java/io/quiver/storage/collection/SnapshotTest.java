package io.quiver.storage.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.StorageException;
import io.quiver.storage.format.SnapshotManifest;
import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"FLAT", "HNSW(m=8, ef_construction=64)"})
  void snapshotThenDeleteThenRestoreGivesIdenticalResults(String index) throws Exception {
    ClusteredData data = new ClusteredData(4, 20, 16);
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      queries.add(data.next());
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("docs", 16, VectorSimilarity.COSINE, index, 8192);
      c.upsert(TestData.points(9, 3000, 16));
      c.delete(List.of(PointId.of(5), PointId.of(6)));
      assertThat(c.awaitIndexed(2, TimeUnit.MINUTES)).isTrue();
      List<List<ScoredPoint>> before = new ArrayList<>();
      for (float[] q : queries) {
        before.add(c.search(new SearchRequest(q, 10, null, true, true, io.quiver.storage.index.SearchParams.DEFAULT)));
      }
      SnapshotStore.SnapshotInfo snap = db.snapshots().create("docs");
      assertThat(db.snapshots().list()).extracting(SnapshotStore.SnapshotInfo::id).containsExactly(snap.id());
      assertThat(snap.collection()).isEqualTo("docs");
      // Writes after the snapshot are not in it.
      c.upsert(List.of(new Point(PointId.of(99_999), data.next(), null)));
      db.delete("docs");

      Collection restored = db.snapshots().restore(snap.id(), "docs", 100);
      assertThat(restored.count()).isEqualTo(2998);
      assertThat(restored.config().index()).isEqualTo(io.quiver.storage.index.IndexSpec.parse(index));
      assertThat(restored.config().metric()).isEqualTo(VectorSimilarity.COSINE);
      for (int i = 0; i < queries.size(); i++) {
        assertThat(restored.search(new SearchRequest(queries.get(i), 10, null, true, true,
                io.quiver.storage.index.SearchParams.DEFAULT)))
            .usingRecursiveFieldByFieldElementComparator().isEqualTo(before.get(i));
      }
      assertThatThrownBy(() -> db.snapshots().restore(snap.id(), "docs", 100)).isInstanceOfSatisfying(
          StorageException.class, e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.ALREADY_EXISTS));
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      assertThat(db.get("docs").count()).as("the restored collection survives a restart").isEqualTo(2998);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void aSnapshotWithOneFlippedByteIsRefused(int which) throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      db.create("docs", 4, VectorSimilarity.L2, "HNSW", 8192).upsert(TestData.points(1, 500, 4));
      db.get("docs").awaitIndexed(1, TimeUnit.MINUTES);
      SnapshotStore.SnapshotInfo snap = db.snapshots().create("docs");
      Path sdir = db.snapshots().dir(snap.id());
      SnapshotManifest m = SnapshotManifest.read(sdir);
      List<SnapshotManifest.FileEntry> files = m.files().stream().filter(f -> f.bytes() > 0).toList();
      Path victim = sdir.resolve(files.get(new Random(which).nextInt(files.size())).path());
      byte[] bytes = Files.readAllBytes(victim);
      bytes[bytes.length / 2] ^= 0x01;
      Files.write(victim, bytes);
      assertThatThrownBy(() -> db.snapshots().restore(snap.id(), "copy", 100))
          .isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(StorageException.Reason.DATA_LOSS);
            assertThat(e.getMessage()).contains("damaged");
          });
      assertThatThrownBy(() -> db.get("copy")).isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> db.snapshots().restore("../etc", "x", 100)).hasMessageContaining("bad snapshot id");
      db.snapshots().delete(snap.id());
      assertThat(db.snapshots().list()).isEmpty();
    }
  }
}
