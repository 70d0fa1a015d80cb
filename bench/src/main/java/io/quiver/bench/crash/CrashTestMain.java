package io.quiver.bench.crash;

import io.grpc.StatusRuntimeException;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.ListCollectionsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.ScoredPoint;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.ScrollResponse;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchParams;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.Vector;
import io.quiver.proto.v1.WithParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quiver crashtest}: a black-box crash test in the manner of RocksDB's db_crashtest.
 * Each cycle starts the server as its own JVM, runs writer threads that upsert and delete
 * (recording every acknowledged write in an {@link Oracle}), kills the server with SIGKILL at a
 * random moment (indexes are saved every second and deletes keep the HNSW graph re-linking, so
 * kills land during both), restarts it, and verifies: every acknowledged upsert is present with
 * its vector and payload, every acknowledged delete is absent, nothing else appeared, searches
 * return only live points, and the HNSW index agrees with the exact scan. Exit code 0 only if
 * every cycle verified.
 */
@Command(name = "quiver crashtest", mixinStandardHelpOptions = true,
    description = "Kill -9 the server at random moments under a write load and verify every acknowledged write.")
public final class CrashTestMain implements java.util.concurrent.Callable<Integer> {
  private static final int DIM = 16;
  private static final String FLAT = "crash_flat";
  private static final String GRAPH = "crash_hnsw";
  private static final int IDS_PER_WRITER = 3000;

  @Option(names = "--server-jar", required = true, description = "the shaded server jar")
  Path serverJar;

  @Option(names = "--cycles", defaultValue = "5", description = "kill/restart/verify cycles (default ${DEFAULT-VALUE})")
  int cycles;

  @Option(names = "--seconds", defaultValue = "4", description = "longest write phase per cycle, seconds (default ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--writers", defaultValue = "4", description = "writer threads (default ${DEFAULT-VALUE})")
  int writers;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--data-dir", description = "data directory (default: a new temporary one)")
  Path dataDir;

  private final Map<String, Oracle> oracles = Map.of(FLAT, new Oracle(), GRAPH, new Oracle());
  private final AtomicLong versions = new AtomicLong();

  public static void main(String[] args) {
    System.exit(new CommandLine(new CrashTestMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path data = dataDir != null ? dataDir : Files.createTempDirectory("quiver-crashtest-");
    Path log = data.resolveSibling(data.getFileName() + ".log");
    Random random = new Random(seed);
    List<Long> recoveryMillis = new ArrayList<>();
    System.out.printf("crashtest: %d cycles, %d writers, data in %s, server log %s%n", cycles, writers, data, log);
    for (int cycle = 1; cycle <= cycles; cycle++) {
      long t0 = System.nanoTime();
      try (ServerUnderTest server = ServerUnderTest.start(serverJar, data, log, Duration.ofMinutes(3))) {
        long recovery = (System.nanoTime() - t0) / 1_000_000;
        if (cycle > 1) {
          recoveryMillis.add(recovery);
          String problem = verify(server);
          if (problem != null) {
            System.out.printf("crashtest: cycle %d FAILED after restart: %s%nserver log tail:%n%s%n", cycle, problem,
                server.logTail());
            return 1;
          }
        } else {
          createCollections(server);
        }
        long killAfter = (long) (300 + random.nextDouble() * (seconds * 1000 - 300));
        int before = (int) (oracles.get(FLAT).verifiedOps() + oracles.get(GRAPH).verifiedOps());
        runWritersThenKill(server, random.nextLong(), killAfter);
        int after = (int) (oracles.get(FLAT).verifiedOps() + oracles.get(GRAPH).verifiedOps());
        System.out.printf("crashtest: cycle %d: %d acknowledged writes, killed after %d ms%s%n", cycle, after - before,
            killAfter, cycle > 1 ? ", recovered in " + recovery + " ms" : "");
      }
    }
    // A last restart verifies the last kill, then a clean stop and restart verifies shutdown.
    long t0 = System.nanoTime();
    try (ServerUnderTest server = ServerUnderTest.start(serverJar, data, log, Duration.ofMinutes(3))) {
      recoveryMillis.add((System.nanoTime() - t0) / 1_000_000);
      String problem = verify(server);
      if (problem != null) {
        System.out.printf("crashtest: FAILED after the last kill: %s%nserver log tail:%n%s%n", problem, server.logTail());
        return 1;
      }
    }
    try (ServerUnderTest server = ServerUnderTest.start(serverJar, data, log, Duration.ofMinutes(3))) {
      String problem = verify(server);
      if (problem != null) {
        System.out.printf("crashtest: FAILED after a clean shutdown: %s%n", problem);
        return 1;
      }
    }
    long ops = oracles.get(FLAT).verifiedOps() + oracles.get(GRAPH).verifiedOps();
    recoveryMillis.sort(null);
    System.out.printf("crashtest: PASSED %d cycles: %d acknowledged point writes verified, %d points live; "
            + "recovery after kill -9: median %d ms, max %d ms%n", cycles, ops,
        oracles.get(FLAT).presentCount() + oracles.get(GRAPH).presentCount(),
        recoveryMillis.get(recoveryMillis.size() / 2), recoveryMillis.getLast());
    return 0;
  }

  private static void createCollections(ServerUnderTest server) {
    CollectionsGrpc.CollectionsBlockingStub c = CollectionsGrpc.newBlockingStub(server.channel());
    Set<String> have = new HashSet<>();
    c.list(ListCollectionsRequest.getDefaultInstance()).getCollectionsList().forEach(i -> have.add(i.getName()));
    if (!have.contains(FLAT)) {
      c.create(CreateCollectionRequest.newBuilder().setName(FLAT).setDimension(DIM).setMetric(Metric.L2).build());
    }
    if (!have.contains(GRAPH)) {
      c.create(CreateCollectionRequest.newBuilder().setName(GRAPH).setDimension(DIM).setMetric(Metric.DOT)
          .setIndex("HNSW(m=8, ef_construction=64)").build());
    }
  }

  static float[] vectorOf(long id, long version) {
    Random r = new Random(id * 1_000_003L + version);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static Vector proto(float[] v) {
    Vector.Builder b = Vector.newBuilder();
    for (float x : v) {
      b.addValues(x);
    }
    return b.build();
  }

  private void runWritersThenKill(ServerUnderTest server, long cycleSeed, long killAfterMillis) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> unexpected = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Random r = new Random(cycleSeed + w);
      threads.add(Thread.ofPlatform().name("crash-writer-" + w).start(() -> {
        PointsGrpc.PointsBlockingStub points = PointsGrpc.newBlockingStub(server.channel());
        try {
          while (!stop.get()) {
            String collection = r.nextBoolean() ? FLAT : GRAPH;
            Oracle oracle = oracles.get(collection);
            if (r.nextInt(10) < 7) {
              upsert(points, collection, oracle, writer, r);
            } else {
              delete(points, collection, oracle, writer, r);
            }
          }
        } catch (StatusRuntimeException gone) {
          // The server was killed under this request: its outcome stays "possible".
        } catch (Throwable t) {
          unexpected.compareAndSet(null, t);
        }
      }));
    }
    Thread.sleep(killAfterMillis);
    server.kill();
    stop.set(true);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    if (unexpected.get() != null) {
      throw new IllegalStateException("writer failed", unexpected.get());
    }
  }

  private long idFor(int writer, Random r) {
    return (long) r.nextInt(IDS_PER_WRITER) * writers + writer;
  }

  private void upsert(PointsGrpc.PointsBlockingStub points, String collection, Oracle oracle, int writer, Random r) {
    int n = 1 + r.nextInt(10);
    Map<Long, Oracle.State> batch = new HashMap<>();
    UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection(collection);
    for (int i = 0; i < n; i++) {
      long id = idFor(writer, r);
      if (batch.containsKey(id)) {
        continue;
      }
      long version = versions.incrementAndGet();
      float[] v = vectorOf(id, version);
      Oracle.State state = new Oracle.State(v, version);
      batch.put(id, state);
      oracle.sent(id, state);
      req.addPoints(Point.newBuilder().setId(PointId.newBuilder().setNum(id)).setVector(proto(v))
          .putPayload("v", Value.newBuilder().setIntegerValue(version).build())
          .putPayload("w", Value.newBuilder().setIntegerValue(writer).build()));
    }
    points.withDeadlineAfter(30, TimeUnit.SECONDS).upsert(req.build());
    batch.forEach(oracle::acknowledged);
  }

  private void delete(PointsGrpc.PointsBlockingStub points, String collection, Oracle oracle, int writer, Random r) {
    int n = 1 + r.nextInt(5);
    Set<Long> ids = new HashSet<>();
    DeletePointsRequest.Builder req = DeletePointsRequest.newBuilder().setCollection(collection);
    for (int i = 0; i < n; i++) {
      long id = idFor(writer, r);
      if (ids.add(id)) {
        oracle.sent(id, Oracle.State.ABSENT);
        req.addIds(PointId.newBuilder().setNum(id));
      }
    }
    points.withDeadlineAfter(30, TimeUnit.SECONDS).delete(req.build());
    ids.forEach(id -> oracle.acknowledged(id, Oracle.State.ABSENT));
  }

  /** Returns null when the server's state is one the oracle allows, else the first problem. */
  private String verify(ServerUnderTest server) {
    PointsGrpc.PointsBlockingStub points = PointsGrpc.newBlockingStub(server.channel());
    SearchGrpc.SearchBlockingStub search = SearchGrpc.newBlockingStub(server.channel());
    for (String collection : List.of(FLAT, GRAPH)) {
      Oracle oracle = oracles.get(collection);
      Map<Long, Point> stored = new HashMap<>();
      String token = "";
      do {
        ScrollResponse page = points.withDeadlineAfter(60, TimeUnit.SECONDS).scroll(ScrollRequest.newBuilder()
            .setCollection(collection).setLimit(1000).setPageToken(token)
            .setWith(WithParts.newBuilder().setPayload(true).setVector(true)).build());
        for (Point p : page.getPointsList()) {
          if (stored.put(p.getId().getNum(), p) != null) {
            return collection + ": scroll returned point " + p.getId().getNum() + " twice";
          }
        }
        token = page.getNextPageToken();
      } while (!token.isEmpty());
      Set<Long> ids = new HashSet<>(oracle.ids());
      ids.addAll(stored.keySet());
      for (long id : ids) {
        Point p = stored.get(id);
        float[] v = null;
        long version = -1;
        if (p != null) {
          v = new float[p.getVector().getValuesCount()];
          for (int i = 0; i < v.length; i++) {
            v[i] = p.getVector().getValues(i);
          }
          version = p.getPayloadMap().get("v").getIntegerValue();
          if (!java.util.Arrays.equals(v, vectorOf(id, version))) {
            return collection + ": point " + id + " has a vector that no write of version " + version + " sent";
          }
        }
        String problem = oracle.check(id, v, version);
        if (problem != null) {
          return collection + ": " + problem;
        }
      }
      long count = points.count(CountRequest.newBuilder().setCollection(collection).build()).getCount();
      if (count != stored.size()) {
        return collection + ": count says " + count + " but scroll found " + stored.size();
      }
      String searchProblem = verifySearches(search, collection, stored);
      if (searchProblem != null) {
        return searchProblem;
      }
    }
    return null;
  }

  /** Searches return only live points, and the index agrees with the exact scan. */
  private static String verifySearches(SearchGrpc.SearchBlockingStub search, String collection, Map<Long, Point> stored) {
    if (stored.size() < 20) {
      return null;
    }
    List<Point> all = new ArrayList<>(stored.values());
    Random r = new Random(stored.size());
    double recall = 0;
    int queries = 20;
    for (int q = 0; q < queries; q++) {
      Point probe = all.get(r.nextInt(all.size()));
      SearchRequest.Builder req = SearchRequest.newBuilder().setCollection(collection).setVector(probe.getVector())
          .setLimit(10);
      List<ScoredPoint> approx = search.search(req.build()).getHitsList();
      List<ScoredPoint> exact = search.search(req.setParams(SearchParams.newBuilder().setExact(true)).build()).getHitsList();
      if (approx.size() != Math.min(10, stored.size())) {
        return collection + ": a search returned " + approx.size() + " hits with " + stored.size() + " points live";
      }
      Set<Long> truth = new HashSet<>();
      exact.forEach(h -> truth.add(h.getId().getNum()));
      for (ScoredPoint h : approx) {
        if (!stored.containsKey(h.getId().getNum())) {
          return collection + ": a search returned point " + h.getId().getNum() + ", which is not stored";
        }
        if (truth.contains(h.getId().getNum())) {
          recall += 0.1;
        }
      }
    }
    recall /= queries;
    if (recall < 0.9) {
      return collection + String.format(": the index agrees with the exact scan on only %.2f of the top 10", recall);
    }
    return null;
  }
}
