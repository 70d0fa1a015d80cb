package io.quiver.storage.index.ivf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.StorageException;
import io.quiver.storage.collection.ClusteredData;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.CollectionInfo;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseOptions;
import io.quiver.storage.collection.Point;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.collection.ScoredPoint;
import io.quiver.storage.collection.SearchRequest;
import io.quiver.storage.index.SearchParams;
import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** IVF-PQ inside a collection, always compared with the exact scan of the same collection. */
class IvfPqCollectionTest {
  private static final int DIM = 32;
  private static final String SPEC = "IVF_PQ(nlist=64, m=16, nprobe=16, refine=4)";
  private static final SearchParams EXACT = new SearchParams(0, 0, true, 0);

  @TempDir Path dir;

  private static void load(Collection c, List<Point> points) throws InterruptedException {
    for (int i = 0; i < points.size(); i += 1000) {
      c.upsert(points.subList(i, Math.min(points.size(), i + 1000)));
    }
    assertThat(c.awaitIndexed(5, TimeUnit.MINUTES)).isTrue();
  }

  static double recallAt10(Collection c, List<float[]> queries, SearchParams params) {
    return recallAt10(c, queries, truth(c, queries), params);
  }

  /** The exact top-10 ids of each query (an exact scan reads the store: compute once). */
  static List<Set<PointId>> truth(Collection c, List<float[]> queries) {
    List<Set<PointId>> out = new ArrayList<>();
    for (float[] q : queries) {
      Set<PointId> truth = new HashSet<>();
      for (ScoredPoint p : c.search(new SearchRequest(q, 10, null, false, false, EXACT))) {
        truth.add(p.id());
      }
      out.add(truth);
    }
    return out;
  }

  static double recallAt10(Collection c, List<float[]> queries, List<Set<PointId>> truths, SearchParams params) {
    double sum = 0;
    for (int i = 0; i < queries.size(); i++) {
      float[] q = queries.get(i);
      Set<PointId> truth = truths.get(i);
      List<ScoredPoint> got = c.search(new SearchRequest(q, 10, null, false, false, params));
      assertThat(got).hasSize(10);
      sum += got.stream().filter(p -> truth.contains(p.id())).count() / 10.0;
    }
    return sum / queries.size();
  }

  /**
   * The byte-table scan (where its kernel is fast) ranks candidates by quantized estimates; the
   * re-rank makes the returned scores exact, so its recall must stay with the float scan's,
   * with and without refine.
   */
  @ParameterizedTest
  @EnumSource(VectorSimilarity.class)
  void quantizedScanKeepsTheFloatScansRecall(VectorSimilarity metric) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.quiver.storage.vector.VectorUtil.fastQuantizedPqLookup(),
        "no in-register byte shuffles here (AVX-512 VBMI): the float scan is the only one");
    ClusteredData data = new ClusteredData(metric.ordinal() + 300, 50, DIM);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      // 32 lists of ~625: above QUANTIZE_LIST_MIN, so L2's per-list tables are quantized too.
      Collection c = db.create("c", DIM, metric, "IVF_PQ(nlist=32, m=16, nprobe=8, refine=10)", 8192);
      load(c, data.points(0, 20_000));
      List<float[]> qs = data.queries(200);
      List<Set<PointId>> truth = truth(c, qs);
      double[][] recall = new double[2][];
      try {
        for (int scan = 0; scan < 2; scan++) {
          IvfPqIndex.QUANTIZED_SCAN = scan == 0;
          assertThat(IvfPqIndex.quantizedScan()).isEqualTo(scan == 0);
          recall[scan] = new double[] {
              recallAt10(c, qs, truth, SearchParams.DEFAULT),
              recallAt10(c, qs, truth, new SearchParams(0, 8, false, 1)),
              recallAt10(c, qs, truth, new SearchParams(0, 1, false, 4))};
        }
      } finally {
        IvfPqIndex.QUANTIZED_SCAN = true;
      }
      String both = java.util.Arrays.deepToString(recall);
      assertThat(recall[0][0]).as("quantized recall@10, %s, [quantized, float]: %s", metric, both).isGreaterThanOrEqualTo(0.90)
          .isGreaterThanOrEqualTo(recall[1][0] - 0.02);
      assertThat(recall[0][1]).as("quantized, refine 1, %s: %s", metric, both).isGreaterThanOrEqualTo(recall[1][1] - 0.05);
      assertThat(recall[0][2]).as("quantized, nprobe 1, %s: %s", metric, both).isGreaterThanOrEqualTo(recall[1][2] - 0.03);
    }
  }

  @ParameterizedTest
  @EnumSource(VectorSimilarity.class)
  void recallAt10WithRefineIsAtLeast90Percent(VectorSimilarity metric) throws Exception {
    ClusteredData data = new ClusteredData(metric.ordinal() + 100, 50, DIM);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", DIM, metric, SPEC, 8192);
      load(c, data.points(0, 20_000));
      IvfPqIndex index = (IvfPqIndex) c.index();
      assertThat(index.trained()).isTrue();
      assertThat(index.pendingCount()).isZero();
      assertThat(index.encodedCount()).isEqualTo(20_000);
      CollectionInfo info = c.info();
      assertThat(info.ready()).isTrue();
      assertThat(info.trainedPoints()).isBetween(2496L, 20_000L);
      // Memory: codes + ordinal + growth slack per vector; no full vectors in RAM.
      assertThat(index.listBytesPerVector()).isLessThanOrEqualTo(16 + 16);
      assertThat(index.ramBytesUsed()).as("less than the raw vectors").isLessThan(20_000L * DIM * 4);
      List<float[]> qs = data.queries(200);
      List<Set<PointId>> truth = truth(c, qs);
      double recall = recallAt10(c, qs, truth, SearchParams.DEFAULT);
      assertThat(recall).as("recall@10 for %s", metric).isGreaterThanOrEqualTo(0.90);
      double noRefine = recallAt10(c, qs, truth, new SearchParams(0, 16, false, 1));
      double oneList = recallAt10(c, qs, truth, new SearchParams(0, 1, false, 4));
      assertThat(noRefine).as("refine helps").isLessThanOrEqualTo(recall);
      assertThat(oneList).as("nprobe is honoured").isLessThan(recall);
      // Scores are the metric's true scores, like the exact scan's.
      float[] q = qs.getFirst();
      ScoredPoint top = c.search(SearchRequest.of(q, 1)).getFirst();
      ScoredPoint best = c.search(new SearchRequest(q, 1, null, false, false, EXACT)).getFirst();
      if (top.id().equals(best.id())) {
        assertThat(top.score()).isEqualTo(best.score());
      }
    }
  }

  @Test
  void searchesBeforeTrainingAreExactAndTrainingHappensInTheBackground() throws Exception {
    ClusteredData data = new ClusteredData(21, 30, DIM);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", DIM, VectorSimilarity.L2, "IVF_PQ(nlist=64, m=8, train_min=4000)", 8192);
      load(c, data.points(0, 3000));
      IvfPqIndex index = (IvfPqIndex) c.index();
      assertThat(index.trained()).isFalse();
      assertThat(c.info().ready()).isTrue();
      List<float[]> qs = data.queries(50);
      assertThat(recallAt10(c, qs, SearchParams.DEFAULT)).isEqualTo(1.0);
      // Cross the threshold and search while training runs.
      c.upsert(data.points(3000, 1000));
      int searchesDuringTraining = 0;
      while (!index.trained() || c.indexPending() > 0) {
        List<ScoredPoint> hits = c.search(SearchRequest.of(qs.get(searchesDuringTraining % qs.size()), 10));
        assertThat(hits).hasSize(10);
        searchesDuringTraining++;
      }
      assertThat(c.awaitIndexed(5, TimeUnit.MINUTES)).isTrue();
      assertThat(index.encodedCount()).isEqualTo(4000);
      assertThat(recallAt10(c, qs, SearchParams.DEFAULT)).isGreaterThanOrEqualTo(0.9);
      // Read-your-writes after training: a new far point is found at once.
      float[] far = new float[DIM];
      java.util.Arrays.fill(far, 40f);
      c.upsert(List.of(new Point(PointId.of("far"), far, null)));
      assertThat(c.search(SearchRequest.of(far, 1)).getFirst().id()).isEqualTo(PointId.of("far"));
    }
  }

  @Test
  void deletedAndReplacedPointsAreNeverReturned() throws Exception {
    ClusteredData data = new ClusteredData(31, 40, DIM);
    List<Point> points = data.points(0, 10_000);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", DIM, VectorSimilarity.COSINE, SPEC, 8192);
      load(c, points);
      List<PointId> deleted = new ArrayList<>();
      for (int i = 0; i < points.size(); i += 3) {
        deleted.add(points.get(i).id());
      }
      for (int i = 0; i < deleted.size(); i += 500) {
        c.delete(deleted.subList(i, Math.min(deleted.size(), i + 500)));
      }
      Set<PointId> gone = new HashSet<>(deleted);
      for (Point p : points.subList(0, 300)) {
        for (ScoredPoint hit : c.search(SearchRequest.of(p.vector(), 10))) {
          assertThat(gone).doesNotContain(hit.id());
        }
      }
      assertThat(c.awaitIndexed(5, TimeUnit.MINUTES)).isTrue();
      IvfPqIndex index = (IvfPqIndex) c.index();
      assertThat(index.deletedCount()).as("compacted").isLessThan(deleted.size());
      assertThat(recallAt10(c, data.queries(100), SearchParams.DEFAULT)).isGreaterThanOrEqualTo(0.9);
      // Updates: the new vector is found, the old one never.
      float[] far = new float[DIM];
      java.util.Arrays.fill(far, -1f);
      PointId moved = points.get(1).id();
      c.upsert(List.of(new Point(moved, far, null)));
      assertThat(c.search(SearchRequest.of(far, 1)).getFirst().id()).isEqualTo(moved);
      assertThat(c.search(SearchRequest.of(points.get(1).vector(), 10)).stream().map(ScoredPoint::id))
          .doesNotContain(moved);
      assertThat(c.awaitIndexed(5, TimeUnit.MINUTES)).isTrue();
      assertThat(c.search(SearchRequest.of(points.get(1).vector(), 10)).stream().map(ScoredPoint::id))
          .doesNotContain(moved);
      // Re-insert the deleted ids with new vectors.
      List<Point> again = new ArrayList<>();
      for (PointId id : deleted) {
        again.add(new Point(id, data.next(), null));
      }
      load(c, again);
      assertThat(c.count()).isEqualTo(10_000);
      assertThat(recallAt10(c, data.queries(100), SearchParams.DEFAULT)).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void restartGivesIdenticalResultsWithoutRetraining() throws Exception {
    ClusteredData data = new ClusteredData(41, 30, DIM);
    List<float[]> qs = data.queries(50);
    List<List<ScoredPoint>> before = new ArrayList<>();
    int trained;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", DIM, VectorSimilarity.DOT, SPEC, 8192);
      load(c, data.points(0, 8000));
      c.delete(List.of(PointId.of(1), PointId.of(2)));
      trained = ((IvfPqIndex) c.index()).trainedPoints();
      // Every point went into the re-rank file as it was added, so these re-rank from it.
      assertThat(((IvfPqIndex) c.index()).rerankFileBytes()).isGreaterThanOrEqualTo(8000L * DIM * Float.BYTES);
      for (float[] q : qs) {
        before.add(c.search(SearchRequest.of(q, 10)));
      }
    }
    assertThat(dir.resolve("index")).isDirectoryContaining(p -> p.toString().endsWith(".ivfpq"));
    byte[] saved = Files.readAllBytes(dir.resolve("index").resolve("1.ivfpq"));
    assertThat(java.nio.ByteBuffer.wrap(saved, 4, 4).getInt()).as("format version").isEqualTo(2);
    // magic, version, features, dimension, then the metric's fixed code (DOT = 2, not its ordinal 1).
    assertThat(saved[20]).as("metric code").isEqualTo((byte) 2);
    assertThat(dir.resolve("index")).as("the re-rank file is a cache, deleted on close")
        .isDirectoryNotContaining(p -> p.toString().endsWith(".ivfpq-rerank"));
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.get("c");
      IvfPqIndex index = (IvfPqIndex) c.index();
      assertThat(index.trained()).isTrue();
      assertThat(index.trainedPoints()).isEqualTo(trained);
      assertThat(index.pendingCount()).as("nothing to encode after a clean shutdown").isZero();
      assertThat(index.encodedCount()).isEqualTo(7998);
      // Twice: first with an empty re-rank file (vectors from the store), then filled from it.
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < qs.size(); i++) {
          assertThat(c.search(SearchRequest.of(qs.get(i), 10)))
              .usingRecursiveFieldByFieldElementComparator().isEqualTo(before.get(i));
        }
      }
    }
  }

  /** A saved index older than the store (a crash after more writes) is reconciled. */
  @Test
  void staleSavedIndexIsReconciledWithTheStore() throws Exception {
    ClusteredData data = new ClusteredData(51, 30, DIM);
    Path saved = dir.resolve("old.ivfpq");
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", DIM, VectorSimilarity.L2, SPEC, 8192);
      load(c, data.points(0, 5000));
      db.saveIndexes();
      Files.copy(dir.resolve("index").resolve("1.ivfpq"), saved);
      List<Point> updates = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        updates.add(new Point(PointId.of(i), data.next(), null));
      }
      load(c, updates);
      List<PointId> deletes = new ArrayList<>();
      for (int i = 500; i < 1000; i++) {
        deletes.add(PointId.of(i));
      }
      c.delete(deletes);
      load(c, data.points(100_000, 2000));
    }
    Files.copy(saved, dir.resolve("index").resolve("1.ivfpq"), StandardCopyOption.REPLACE_EXISTING);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.get("c");
      assertThat(c.count()).isEqualTo(6500);
      assertThat(c.awaitIndexed(5, TimeUnit.MINUTES)).isTrue();
      IvfPqIndex index = (IvfPqIndex) c.index();
      assertThat(index.encodedCount()).isEqualTo(6500);
      Set<PointId> gone = new HashSet<>(List.of());
      for (int i = 500; i < 1000; i++) {
        gone.add(PointId.of(i));
      }
      for (int i = 0; i < 500; i += 25) {
        Point p = c.get(List.of(PointId.of(i)), false, true).getFirst();
        List<ScoredPoint> hits = c.search(SearchRequest.of(p.vector(), 10));
        assertThat(hits.getFirst().id()).isEqualTo(p.id());
        assertThat(hits.stream().map(ScoredPoint::id)).doesNotContainAnyElementsOf(gone);
      }
      assertThat(recallAt10(c, data.queries(50), SearchParams.DEFAULT)).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void retrainSwapsInNewQuantizersWhileSearchesContinue() throws Exception {
    ClusteredData data = new ClusteredData(61, 30, DIM);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", DIM, VectorSimilarity.L2, "IVF_PQ(nlist=16, m=16, train_min=1000, train_size=1000)",
          8192);
      load(c, data.points(0, 1000));
      IvfPqIndex index = (IvfPqIndex) c.index();
      assertThat(index.trainedPoints()).isEqualTo(1000);
      load(c, data.points(1000, 10_500));
      assertThat(c.info().retrainRecommended()).isTrue();
      List<float[]> qs = data.queries(50);
      c.retrain();
      assertThatThrownBy(c::retrain).isInstanceOf(StorageException.class).hasMessageContaining("already running");
      while (index.trainingNow()) {
        assertThat(c.search(SearchRequest.of(qs.getFirst(), 10))).hasSize(10);
        c.upsert(List.of(new Point(PointId.of("during"), data.next(), null)));
        c.delete(List.of(PointId.of(5)));
      }
      assertThat(c.awaitIndexed(5, TimeUnit.MINUTES)).isTrue();
      assertThat(index.trainedPoints()).isEqualTo(1000);
      assertThat(index.encodedCount() - index.deletedCount()).isEqualTo(c.count());
      assertThat(recallAt10(c, qs, SearchParams.DEFAULT)).isGreaterThanOrEqualTo(0.9);
      assertThat(c.info().retrainRecommended()).isTrue(); // train_size caps the sample
    }
  }

  @Test
  void badSpecsAreRejectedClearly() throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      assertThatThrownBy(() -> db.create("a", 100, VectorSimilarity.L2, "IVF_PQ(nlist=1024, m=32, nbits=8)", 8192))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("m=32 must divide the dimension 100");
      assertThatThrownBy(() -> db.create("b", 64, VectorSimilarity.L2, "IVF_PQ(m=8, nbits=4)", 8192))
          .hasMessageContaining("nbits=4 is not supported");
      assertThatThrownBy(() -> db.create("c", 64, VectorSimilarity.L2, "IVF_PQ(nlist=100000, m=8)", 8192))
          .hasMessageContaining("nlist must be 1..65536");
      assertThatThrownBy(() -> db.create("d", 64, VectorSimilarity.L2, "IVF_PQ(nlist=16, m=8, nprobe=17)", 8192))
          .hasMessageContaining("nprobe must be 1..nlist");
      assertThatThrownBy(() -> db.create("e", 64, VectorSimilarity.L2, "IVF_PQ(nlist=16, m=8, train_min=10)", 8192))
          .hasMessageContaining("train_min");
      Collection flat = db.create("f", 8, VectorSimilarity.L2, "FLAT", 8192);
      assertThatThrownBy(flat::retrain).hasMessageContaining("IVF_PQ");
      assertThat(db.list()).hasSize(1);
    }
  }
}
