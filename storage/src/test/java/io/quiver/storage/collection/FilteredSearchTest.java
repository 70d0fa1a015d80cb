package io.quiver.storage.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.filter.Condition;
import io.quiver.storage.filter.Filter;
import io.quiver.storage.filter.FilterEvaluator;
import io.quiver.storage.filter.FilterPlanner;
import io.quiver.storage.filter.NumericRange;
import io.quiver.storage.index.SearchParams;
import io.quiver.storage.index.hnsw.HnswIndex;
import io.quiver.storage.index.ivf.IvfPqIndex;
import io.quiver.storage.payload.FieldIndexType;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filtered search against the exact filtered scan at selectivities 50% .. 0.01%, each plan
 * forced in turn; and the payload indexes against the evaluator after updates, deletes and a
 * restart.
 */
class FilteredSearchTest {
  static final int N = 20_000;
  static final int DIM = 32;
  static final int K = 10;
  static final double[] SELECTIVITIES = {0.5, 0.1, 0.01, 0.001, 0.0001};

  @TempDir Path dir;

  @AfterEach
  void unforce() {
    FilterPlanner.forcedPlan = null;
    HnswIndex.FILTERED_TRAVERSAL_BELOW = 0.3;
  }

  /** "sel" is uniform in [0, 1_000_000): sel < s * 1e6 selects a share s of the points. */
  static List<Point> points(long seed, int firstId, int n) {
    ClusteredData data = new ClusteredData(seed, 40, DIM);
    Random r = new Random(seed + 1);
    String[] langs = {"en", "de", "fr", "ja", "pt"};
    List<Point> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, PayloadValue> p = new HashMap<>();
      p.put("sel", new PayloadValue.Int(r.nextInt(1_000_000)));
      p.put("lang", new PayloadValue.Text(langs[r.nextInt(langs.length)]));
      p.put("price", new PayloadValue.Real(r.nextDouble() * 100));
      if (r.nextInt(4) > 0) {
        p.put("tags", new PayloadValue.ListOf(List.of(new PayloadValue.Text("t" + r.nextInt(20)),
            new PayloadValue.Text("t" + r.nextInt(20)))));
      } else if (r.nextBoolean()) {
        p.put("tags", PayloadValue.Null.INSTANCE);
      }
      p.put("meta", new PayloadValue.MapOf(Map.of("ok", new PayloadValue.Bool(r.nextBoolean()),
          "n", new PayloadValue.Int(r.nextInt(10)))));
      p.put("title", new PayloadValue.Text("word" + r.nextInt(30) + " and word" + r.nextInt(30)));
      out.add(new Point(PointId.of(firstId + i), data.next(), new Payload(p)));
    }
    return out;
  }

  static Filter selective(double s) {
    long below = Math.round(s * 1_000_000);
    return Filter.must(new Condition.Range("sel", new NumericRange(null, null, null, null, null, null, below, null)));
  }

  static void load(Collection c, List<Point> points) {
    for (int i = 0; i < points.size(); i += 1000) {
      c.upsert(points.subList(i, Math.min(points.size(), i + 1000)));
    }
  }

  @Test
  void everyPlanReturnsMinKMatchesWithRecallAtEverySelectivity() throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection hnsw = db.create("h", DIM, VectorSimilarity.L2, "HNSW(m=16, ef_construction=100, ef=64)", 8192);
      Collection flat = db.create("f", DIM, VectorSimilarity.L2, "FLAT", 8192);
      List<Point> pts = points(7, 0, N);
      hnsw.createFieldIndex("sel", FieldIndexType.INTEGER);
      load(hnsw, pts);
      flat.createFieldIndex("sel", FieldIndexType.INTEGER);
      load(flat, pts);
      long t0 = System.nanoTime();
      assertThat(hnsw.awaitIndexed(120, TimeUnit.SECONDS)).isTrue();
      System.out.printf("HNSW linked in %d ms after the load%n", (System.nanoTime() - t0) / 1_000_000);
      long searchStart = System.nanoTime();
      Map<PointId, Long> sel = new HashMap<>();
      for (Point p : pts) {
        sel.put(p.id(), ((PayloadValue.Int) p.payload().fields().get("sel")).value());
      }
      ClusteredData queries = new ClusteredData(7, 40, DIM);
      StringBuilder report = new StringBuilder();
      for (double s : SELECTIVITIES) {
        Filter f = selective(s);
        long expectedMatches = sel.values().stream().filter(v -> v < Math.round(s * 1_000_000)).count();
        for (String mode : new String[] {null, "exact", "index", "index-plain"}) {
          String forced = mode == null ? null : mode.startsWith("index") ? "index" : mode;
          HnswIndex.FILTERED_TRAVERSAL_BELOW = "index-plain".equals(mode) ? 0 : 0.3;
          FilterPlanner.forcedPlan = forced;
          double recall = 0;
          int nq = 20;
          Map<String, Integer> plans = new java.util.TreeMap<>();
          for (int q = 0; q < nq; q++) {
            float[] v = queries.next();
            SearchRequest req = SearchRequest.of(v, K).withFilter(f);
            SearchResult got = hnsw.searchWithPlan(req);
            FilterPlanner.forcedPlan = null;
            List<ScoredPoint> truth = flat.search(new SearchRequest(v, K, null, false, false,
                new SearchParams(0, 0, true)).withFilter(f));
            FilterPlanner.forcedPlan = forced;
            assertThat(got.filterMatches()).isEqualTo(expectedMatches);
            assertThat(got.hits()).hasSize((int) Math.min(K, expectedMatches));
            assertThat(truth).hasSize((int) Math.min(K, expectedMatches));
            for (ScoredPoint h : got.hits()) {
              assertThat(sel.get(h.id())).isLessThan(Math.round(s * 1_000_000));
            }
            Set<PointId> t = new HashSet<>();
            truth.forEach(h -> t.add(h.id()));
            long found = got.hits().stream().filter(h -> t.contains(h.id())).count();
            recall += truth.isEmpty() ? 1 : (double) found / truth.size();
            plans.merge(got.plan(), 1, Integer::sum);
          }
          recall /= nq;
          report.append(String.format("sel=%.4f%% mode=%s plans=%s matches=%d recall@10=%.3f%n", s * 100,
              mode == null ? "planner" : mode, plans, expectedMatches, recall));
          assertThat(recall).as("recall at selectivity %s, mode %s", s, mode).isGreaterThanOrEqualTo(0.95);
        }
      }
      System.out.print(report);
      System.out.printf("searches took %d ms%n", (System.nanoTime() - searchStart) / 1_000_000);
    }
  }

  @Test
  void ivfPqFilteredSearchReturnsMinKMatchesBeforeAndAfterTraining() throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection ivf = db.create("v", DIM, VectorSimilarity.L2, "IVF_PQ(nlist=16, m=8, nprobe=8, train_min=3000)", 8192);
      Collection flat = db.create("f", DIM, VectorSimilarity.L2, "FLAT", 8192);
      ivf.createFieldIndex("sel", FieldIndexType.INTEGER);
      flat.createFieldIndex("sel", FieldIndexType.INTEGER);
      List<Point> pts = points(9, 0, 6000);
      ClusteredData queries = new ClusteredData(9, 40, DIM);
      for (int phase = 0; phase < 2; phase++) {
        List<Point> part = phase == 0 ? pts.subList(0, 2000) : pts.subList(2000, 6000); // trains at 3000
        load(ivf, part);
        load(flat, part);
        ivf.awaitIndexed(60, TimeUnit.SECONDS);
        for (double s : new double[] {0.5, 0.1, 0.01, 0.001}) {
          Filter f = selective(s);
          long matches = flat.count(f);
          double recall = 0;
          for (int q = 0; q < 10; q++) {
            float[] v = queries.next();
            SearchResult got = ivf.searchWithPlan(SearchRequest.of(v, K).withFilter(f));
            List<ScoredPoint> truth = flat.search(SearchRequest.of(v, K).withFilter(f));
            assertThat(got.hits()).as("phase %s sel %s plan %s", phase, s, got.plan()).hasSize((int) Math.min(K, matches));
            Set<PointId> t = new HashSet<>();
            truth.forEach(h -> t.add(h.id()));
            recall += truth.isEmpty() ? 1 : (double) got.hits().stream().filter(h -> t.contains(h.id())).count() / truth.size();
          }
          assertThat(recall / 10).as("phase %s sel %s", phase, s).isGreaterThanOrEqualTo(0.9);
        }
      }
    }
  }

  /**
   * With one probe of sixteen lists, a selective filter leaves the probed list far short of
   * refine x k accepted codes; IVF-PQ must probe on by itself (never the exact fallback) and
   * still return min(k, matches) results with its usual recall.
   */
  @Test
  void ivfPqProbesMoreListsUntilTheFilterYieldsEnoughCandidates() throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection ivf = db.create("v", DIM, VectorSimilarity.L2,
          "IVF_PQ(nlist=16, m=8, nprobe=1, refine=4, train_min=3000)", 8192);
      Collection flat = db.create("f", DIM, VectorSimilarity.L2, "FLAT", 8192);
      ivf.createFieldIndex("sel", FieldIndexType.INTEGER);
      flat.createFieldIndex("sel", FieldIndexType.INTEGER);
      List<Point> pts = points(13, 0, 6000);
      load(ivf, pts);
      load(flat, pts);
      assertThat(ivf.awaitIndexed(60, TimeUnit.SECONDS)).isTrue();
      IvfPqIndex index = (IvfPqIndex) ivf.index();
      assertThat(index.trained()).isTrue();
      ClusteredData queries = new ClusteredData(13, 40, DIM);
      FilterPlanner.forcedPlan = "index";
      for (double s : new double[] {0.05, 0.01, 0.002}) {
        Filter f = selective(s);
        long matches = flat.count(f);
        long expansionsBefore = index.probeExpansions();
        double recall = 0;
        int nq = 20;
        for (int q = 0; q < nq; q++) {
          float[] v = queries.next();
          SearchResult got = ivf.searchWithPlan(SearchRequest.of(v, K).withFilter(f));
          assertThat(got.plan()).as("sel %s", s).isEqualTo(Collection.PLAN_FILTERED_IVF_PQ);
          assertThat(got.hits()).as("sel %s", s).hasSize((int) Math.min(K, matches));
          Set<PointId> t = new HashSet<>();
          flat.search(SearchRequest.of(v, K).withFilter(f)).forEach(h -> t.add(h.id()));
          recall += (double) got.hits().stream().filter(h -> t.contains(h.id())).count() / t.size();
        }
        assertThat(index.probeExpansions() - expansionsBefore).as("sel %s", s).isGreaterThanOrEqualTo(nq);
        assertThat(recall / nq).as("sel %s", s).isGreaterThanOrEqualTo(0.9);
      }
      // Unfiltered, one probe of well-filled lists is enough: no expansion.
      long before = index.probeExpansions();
      ivf.search(SearchRequest.of(queries.next(), K));
      assertThat(index.probeExpansions()).isEqualTo(before);
    }
  }

  @Test
  void aRestoredSnapshotKeepsItsFieldIndexes() throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", 8, VectorSimilarity.COSINE, "FLAT", 8192);
      load(c, small(points(5, 0, 500)));
      indexAll(c);
      Filter f = Filter.must(Condition.match("lang", "en"));
      long expected = c.count(f);
      var snap = db.snapshots().create("c");
      Collection restored = db.snapshots().restore(snap.id(), "r", 100);
      assertThat(restored.fieldIndexes()).hasSize(7);
      long before = restored.unindexedFilterEvaluations();
      assertThat(restored.count(f)).isEqualTo(expected);
      assertThat(restored.unindexedFilterEvaluations()).isEqualTo(before);
    }
  }

  @Test
  void plannerPicksExactForSelectiveFiltersAndTheGraphOtherwise() {
    assertThat(FilterPlanner.preferExact(100, 1_000_000, 10, 16, 128)).isTrue();
    assertThat(FilterPlanner.preferExact(4096, 20_000, 10, 16, 128)).isTrue(); // <= ef * m0
    assertThat(FilterPlanner.preferExact(4097, 20_000, 10, 16, 128)).isFalse();
    assertThat(FilterPlanner.preferExact(2048, 20_000, 10, 16, 16)).isTrue(); // MIN_EXACT
    assertThat(FilterPlanner.preferExact(10_000, 1_000_000, 10, 16, 128)).isTrue(); // 1%: too sparse for two hops
    assertThat(FilterPlanner.preferExact(30_000, 1_000_000, 10, 16, 128)).isFalse(); // 3%
    assertThat(FilterPlanner.preferExact(100_000, 1_000_000, 10, 16, 128)).isFalse();
  }

  static List<Filter> randomFilters(Random r, int n) {
    List<Filter> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(randomFilter(r, 0));
    }
    return out;
  }

  static Filter randomFilter(Random r, int depth) {
    List<Condition> must = new ArrayList<>();
    List<Condition> should = new ArrayList<>();
    List<Condition> not = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      Condition c = depth < 2 && r.nextInt(5) == 0 ? new Condition.Nested(randomFilter(r, depth + 1)) : randomCondition(r);
      switch (r.nextInt(3)) {
        case 0 -> must.add(c);
        case 1 -> should.add(c);
        default -> not.add(c);
      }
    }
    return new Filter(must, should, should.size() > 1 && r.nextBoolean() ? 2 : 0, not);
  }

  static Condition randomCondition(Random r) {
    return switch (r.nextInt(11)) {
      case 0 -> Condition.match("lang", new String[] {"en", "de", "xx"}[r.nextInt(3)]);
      case 1 -> new Condition.MatchAny("tags", new HashSet<>(List.of("t" + r.nextInt(20), "t" + r.nextInt(20))), r.nextBoolean());
      case 2 -> new Condition.Range("price", new NumericRange(r.nextBoolean() ? r.nextDouble() * 100 : null, null,
          null, r.nextDouble() * 100, null, null, null, null));
      case 3 -> new Condition.Range("sel", new NumericRange(null, 200_000.5, null, null, null, null,
          (long) r.nextInt(1_000_000), null));
      case 4 -> new Condition.Exists("tags", r.nextBoolean());
      case 5 -> new Condition.IsNull("tags", r.nextBoolean());
      case 6 -> Condition.match("meta.ok", r.nextBoolean());
      case 7 -> Condition.match("meta.n", (long) r.nextInt(10));
      case 8 -> new Condition.Text("title", "word" + r.nextInt(30) + (r.nextBoolean() ? "" : " AND"));
      case 9 -> new Condition.HasId(new HashSet<>(List.of(PointId.of(r.nextInt(3000)), PointId.of(r.nextInt(3000)))));
      default -> new Condition.MatchAny("meta.n", new HashSet<>(List.of((long) r.nextInt(10), (long) r.nextInt(10))), r.nextBoolean());
    };
  }

  /** The brute-force answer: every stored point through the evaluator. */
  static long reference(Collection c, Filter f) {
    long n = 0;
    PointId from = null;
    do {
      ScrollPage page = c.scroll(from, 1000, true, false);
      for (Point p : page.points()) {
        if (FilterEvaluator.matches(f, p.id(), p.payload())) {
          n++;
        }
      }
      from = page.next();
    } while (from != null);
    return n;
  }

  static void indexAll(Collection c) {
    c.createFieldIndex("lang", FieldIndexType.KEYWORD);
    c.createFieldIndex("tags", FieldIndexType.KEYWORD);
    c.createFieldIndex("price", FieldIndexType.FLOAT);
    c.createFieldIndex("sel", FieldIndexType.INTEGER);
    c.createFieldIndex("meta.ok", FieldIndexType.BOOL);
    c.createFieldIndex("meta.n", FieldIndexType.INTEGER);
    c.createFieldIndex("title", FieldIndexType.TEXT);
  }

  @Test
  void indexesAgreeWithTheEvaluatorAfterUpdatesDeletesAndRestart() throws Exception {
    Random r = new Random(11);
    List<Filter> filters = randomFilters(r, 60);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection indexed = db.create("i", 8, VectorSimilarity.COSINE, "FLAT", 8192);
      Collection plain = db.create("p", 8, VectorSimilarity.COSINE, "FLAT", 8192);
      List<Point> pts = small(points(3, 0, 3000));
      indexed.createFieldIndex("lang", FieldIndexType.KEYWORD); // before the data
      load(indexed, pts);
      load(plain, pts);
      indexAll(indexed); // backfill after
      assertThat(plain.fieldIndexes()).isEmpty();
      assertThat(indexed.fieldIndexes()).hasSize(7);
      check(indexed, plain, filters);
      // Updates (new payloads for existing ids) and deletes, by id and by filter.
      List<Point> updates = small(points(4, 1000, 800));
      indexed.upsert(updates);
      plain.upsert(updates);
      List<PointId> gone = new ArrayList<>();
      for (int i = 0; i < 3000; i += 7) {
        gone.add(PointId.of(i));
      }
      indexed.delete(gone);
      plain.delete(gone);
      Filter del = Filter.must(Condition.match("lang", "pt"), Condition.match("meta.ok", true));
      long expectDeleted = reference(plain, del);
      assertThat(indexed.deleteByFilter(del).applied()).isEqualTo(expectDeleted);
      assertThat(plain.deleteByFilter(del).applied()).isEqualTo(expectDeleted);
      assertThat(indexed.count(del)).isZero();
      check(indexed, plain, filters);
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection indexed = db.get("i");
      assertThat(indexed.fieldIndexes()).hasSize(7);
      check(indexed, db.get("p"), filters);
      indexed.deleteFieldIndex("lang");
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      assertThat(db.get("i").fieldIndexes()).extracting(FieldIndexInfo::field).doesNotContain("lang");
      check(db.get("i"), db.get("p"), filters);
    }
  }

  /** Same payloads, 8-dimensional vectors (the vectors do not matter here). */
  static List<Point> small(List<Point> pts) {
    List<Point> out = new ArrayList<>();
    for (Point p : pts) {
      float[] v = new float[8];
      System.arraycopy(p.vector(), 0, v, 0, 8);
      out.add(new Point(p.id(), v, p.payload()));
    }
    return out;
  }

  static void check(Collection indexed, Collection plain, List<Filter> filters) {
    long before = indexed.unindexedFilterEvaluations();
    for (Filter f : filters) {
      long expected = reference(plain, f);
      assertThat(indexed.count(f)).as("indexed count of %s", f).isEqualTo(expected);
      assertThat(plain.count(f)).as("payload count of %s", f).isEqualTo(expected);
    }
    // Scroll by filter pages through the same set in id order.
    Filter f = filters.get(0);
    List<PointId> seen = new ArrayList<>();
    PointId from = null;
    do {
      ScrollPage page = indexed.scroll(from, 37, true, false, f);
      for (Point p : page.points()) {
        assertThat(FilterEvaluator.matches(f, p.id(), p.payload())).isTrue();
        seen.add(p.id());
      }
      from = page.next();
    } while (from != null);
    assertThat(seen).isSorted().hasSize((int) reference(plain, f));
    assertThat(indexed.unindexedFilterEvaluations() - before).isLessThanOrEqualTo(filters.size() + 10);
  }
}
