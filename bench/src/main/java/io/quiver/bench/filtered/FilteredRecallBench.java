package io.quiver.bench.filtered;

import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseOptions;
import io.quiver.storage.collection.Point;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.collection.ScoredPoint;
import io.quiver.storage.collection.SearchRequest;
import io.quiver.storage.collection.SearchResult;
import io.quiver.storage.filter.Condition;
import io.quiver.storage.filter.Filter;
import io.quiver.storage.filter.FilterPlanner;
import io.quiver.storage.filter.NumericRange;
import io.quiver.storage.index.SearchParams;
import io.quiver.storage.payload.FieldIndexType;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import io.quiver.storage.vector.VectorSimilarity;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Filtered recall@10 and QPS per selectivity bucket on a dataset with
 * {@code filtered_queries.jsonl} (debian-packages-minilm), in process, one thread: each plan
 * (planner's choice, forced exact, forced filtered HNSW) against the unfiltered search at the
 * same ef. A stopgap until the bench runner's {@code --filtered} mode is merged.
 *
 * <p>Usage: {@code FilteredRecallBench <dataset dir> <work dir> [hnsw spec] [ef,...]}.
 */
public final class FilteredRecallBench {
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Path work = Path.of(args[1]);
    String spec = args.length > 2 ? args[2] : "HNSW(m=16, ef_construction=200, ef=128)";
    int[] efs = args.length > 3 ? java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {64, 128};
    List<float[]> base = fvecs(data.resolve("base.fvecs.gz"));
    List<float[]> queries = fvecs(data.resolve("query.fvecs"));
    int[][] truth = ivecs(data.resolve("groundtruth.ivecs"));
    List<Map<String, Object>> meta = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("base.meta.jsonl"))) {
      meta.add(obj(new Json(line).value()));
    }
    List<Map<String, Object>> fq = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("filtered_queries.jsonl"))) {
      fq.add(obj(new Json(line).value()));
    }
    System.out.printf("base %d x %d, queries %d, filtered queries %d%n", base.size(), base.get(0).length,
        queries.size(), fq.size());
    try (Database db = Database.open(work, DatabaseOptions.DEFAULTS)) {
      Collection c;
      try {
        c = db.get("bench");
      } catch (RuntimeException missing) {
        c = db.create("bench", base.get(0).length, VectorSimilarity.COSINE, spec, 8192);
        for (String f : new String[] {"section", "priority", "arch"}) {
          c.createFieldIndex(f, FieldIndexType.KEYWORD);
        }
        c.createFieldIndex("installed_size", FieldIndexType.INTEGER);
        long t0 = System.nanoTime();
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
          Map<String, PayloadValue> p = new LinkedHashMap<>();
          for (var e : meta.get(i).entrySet()) {
            Object v = e.getValue();
            p.put(e.getKey(), v instanceof String s ? new PayloadValue.Text(s) : new PayloadValue.Int(((Number) v).longValue()));
          }
          batch.add(new Point(PointId.of(i), base.get(i), new Payload(p)));
          if (batch.size() == 1000) {
            c.upsert(batch);
            batch = new ArrayList<>();
          }
        }
        if (!batch.isEmpty()) {
          c.upsert(batch);
        }
        c.awaitIndexed(1, TimeUnit.HOURS);
        System.out.printf("loaded and indexed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      }
      Map<String, List<Integer>> buckets = new TreeMap<>();
      List<Filter> filters = new ArrayList<>();
      for (int i = 0; i < fq.size(); i++) {
        filters.add(filter(obj(fq.get(i).get("filter"))));
        buckets.computeIfAbsent((String) fq.get(i).get("target_selectivity"), b -> new ArrayList<>()).add(i);
      }
      for (int ef : efs) {
        SearchParams params = new SearchParams(ef, 0, false);
        // Unfiltered baseline at the same ef.
        double[] u = run(c, queries.size(), q -> new SearchRequest(queries.get(q), 10, null, false, false, params),
            q -> top(truth[q], 10), null);
        System.out.printf("ef=%d unfiltered: recall@10 %.4f, %.0f QPS%n", ef, u[0], u[1]);
        for (var b : buckets.entrySet()) {
          long t0 = System.nanoTime();
          long counted = 0;
          while (System.nanoTime() - t0 < 1_000_000_000L) {
            for (int i : b.getValue()) {
              c.count(filters.get(i));
            }
            counted += b.getValue().size();
          }
          System.out.printf("bucket %s: filter evaluation alone (count) %.0f per second%n", b.getKey(),
              counted / ((System.nanoTime() - t0) / 1e9));
          for (String mode : new String[] {null, "exact", "index", "index-plain"}) {
            String forced = mode == null ? null : mode.startsWith("index") ? "index" : mode;
            double saved = io.quiver.storage.index.hnsw.HnswIndex.FILTERED_TRAVERSAL_BELOW;
            if ("index-plain".equals(mode)) {
              io.quiver.storage.index.hnsw.HnswIndex.FILTERED_TRAVERSAL_BELOW = 0;
            }
            FilterPlanner.forcedPlan = forced;
            List<Integer> ids = b.getValue();
            Map<String, Integer> plans = new TreeMap<>();
            double[] r = run(c, ids.size(), j -> {
              int i = ids.get(j);
              int q = ((Number) fq.get(i).get("query")).intValue();
              return new SearchRequest(queries.get(q), 10, null, false, false, params, filters.get(i));
            }, j -> {
              List<?> n = (List<?>) fq.get(ids.get(j)).get("neighbors");
              int[] t = new int[Math.min(10, n.size())];
              for (int x = 0; x < t.length; x++) {
                t[x] = ((Number) n.get(x)).intValue();
              }
              return t;
            }, plans);
            FilterPlanner.forcedPlan = null;
            io.quiver.storage.index.hnsw.HnswIndex.FILTERED_TRAVERSAL_BELOW = saved;
            System.out.printf("ef=%d bucket %s (%d queries) plan=%s %s: recall@10 %.4f, %.0f QPS (%.2fx unfiltered)%n",
                ef, b.getKey(), ids.size(), mode == null ? "planner" : mode, plans, r[0], r[1], r[1] / u[1]);
          }
        }
      }
    }
  }

  interface Req {
    SearchRequest get(int i);
  }

  interface Truth {
    int[] get(int i);
  }

  /** {recall@10, QPS}: one warm-up pass, then timed passes for at least ~2 s. */
  static double[] run(Collection c, int n, Req req, Truth truth, Map<String, Integer> plans) {
    List<SearchRequest> rs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rs.add(req.get(i));
    }
    double recall = 0;
    for (int i = 0; i < n; i++) {
      SearchResult res = c.searchWithPlan(rs.get(i));
      if (plans != null) {
        plans.merge(res.plan(), 1, Integer::sum);
      }
      int[] t = truth.get(i);
      Set<Long> want = new HashSet<>();
      for (int x : t) {
        want.add((long) x);
      }
      int found = 0;
      for (ScoredPoint h : res.hits()) {
        if (want.contains(((PointId.Num) h.id()).value())) {
          found++;
        }
      }
      recall += t.length == 0 ? 1 : (double) found / t.length;
    }
    long t0 = System.nanoTime();
    long done = 0;
    while (System.nanoTime() - t0 < 2_000_000_000L) {
      for (SearchRequest r : rs) {
        c.search(r);
      }
      done += n;
    }
    return new double[] {recall / n, done / ((System.nanoTime() - t0) / 1e9)};
  }

  static int[] top(int[] row, int k) {
    return java.util.Arrays.copyOf(row, Math.min(k, row.length));
  }

  /** The dataset's filter: keys ANDed; a literal (equality) or {eq, ne, lt, lte, gt, gte, in}. */
  static Filter filter(Map<String, Object> f) {
    List<Condition> must = new ArrayList<>();
    List<Condition> not = new ArrayList<>();
    for (var e : f.entrySet()) {
      String key = e.getKey();
      if (!(e.getValue() instanceof Map<?, ?> ops)) {
        must.add(eq(key, e.getValue()));
        continue;
      }
      for (var op : ops.entrySet()) {
        Object v = op.getValue();
        switch ((String) op.getKey()) {
          case "eq" -> must.add(eq(key, v));
          case "ne" -> not.add(eq(key, v));
          case "in" -> {
            Set<Object> set = new HashSet<>();
            for (Object x : (List<?>) v) {
              set.add(x instanceof Number n ? (Object) n.longValue() : x);
            }
            must.add(new Condition.MatchAny(key, set, false));
          }
          case "lt" -> must.add(new Condition.Range(key, new NumericRange(null, null, num(v), null, null, null, null, null)));
          case "lte" -> must.add(new Condition.Range(key, new NumericRange(null, null, null, num(v), null, null, null, null)));
          case "gt" -> must.add(new Condition.Range(key, new NumericRange(num(v), null, null, null, null, null, null, null)));
          case "gte" -> must.add(new Condition.Range(key, new NumericRange(null, num(v), null, null, null, null, null, null)));
          default -> throw new IllegalArgumentException("operator " + op.getKey());
        }
      }
    }
    return new Filter(must, List.of(), 0, not);
  }

  static Double num(Object v) {
    return ((Number) v).doubleValue();
  }

  static Condition eq(String key, Object v) {
    return v instanceof Number n ? new Condition.Match(key, n.longValue()) : new Condition.Match(key, v);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Object o) {
    return (Map<String, Object>) o;
  }

  static InputStream open(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    return p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : new java.io.BufferedInputStream(in, 1 << 16);
  }

  static List<float[]> fvecs(Path p) throws IOException {
    List<float[]> out = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(open(p))) {
      byte[] head = new byte[4];
      while (in.read(head, 0, 1) == 1) {
        in.readFully(head, 1, 3);
        int d = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] body = new byte[4 * d];
        in.readFully(body);
        float[] v = new float[d];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        out.add(v);
      }
    }
    return out;
  }

  static int[][] ivecs(Path p) throws IOException {
    List<float[]> raw = fvecs(p);
    int[][] out = new int[raw.size()][];
    for (int i = 0; i < raw.size(); i++) {
      float[] f = raw.get(i);
      out[i] = new int[f.length];
      for (int j = 0; j < f.length; j++) {
        out[i][j] = Float.floatToRawIntBits(f[j]);
      }
    }
    return out;
  }

  /** A minimal JSON reader (objects, arrays, strings, numbers, literals) for the dataset files. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object value() {
      ws();
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (s.charAt(i) == '}') {
          i++;
          return m;
        }
        while (true) {
          ws();
          String k = (String) value();
          ws();
          i++; // :
          m.put(k, value());
          ws();
          if (s.charAt(i++) == '}') {
            return m;
          }
        }
      }
      if (c == '[') {
        i++;
        List<Object> l = new ArrayList<>();
        ws();
        if (s.charAt(i) == ']') {
          i++;
          return l;
        }
        while (true) {
          l.add(value());
          ws();
          if (s.charAt(i++) == ']') {
            return l;
          }
        }
      }
      if (c == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (s.charAt(i) != '"') {
          char ch = s.charAt(i++);
          if (ch == '\\') {
            char e = s.charAt(i++);
            if (e == 'u') {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            } else {
              b.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; case 'b' -> '\b'; case 'f' -> '\f'; default -> e; });
            }
          } else {
            b.append(ch);
          }
        }
        i++;
        return b.toString();
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return true;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return false;
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String num = s.substring(start, i);
      return num.contains(".") || num.contains("e") || num.contains("E") ? (Object) Double.parseDouble(num)
          : (Object) Long.parseLong(num);
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
