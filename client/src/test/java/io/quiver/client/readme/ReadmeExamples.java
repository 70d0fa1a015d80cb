package io.quiver.client.readme;

import io.quiver.client.*;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The code blocks of client/README.md (and the Java quick start of README.md), compiled. Each
 * block lies between a {@code // README:<name>} and a {@code // README:end} line;
 * ReadmeExamplesTest checks that the READMEs hold exactly these blocks and runs those that
 * need no real server against the in-process fake. Uses the public API only (another package).
 */
public final class ReadmeExamples {

  private ReadmeExamples() {}

  /** Record used by the typed-payload example. */
  public record Article(String title, int year, List<String> tags) {}

  public static void quickStart() {
    // README:quick-start
    try (QuiverClient client = QuiverClient.builder().target("localhost:7070").build()) {
      client.createCollection(CollectionConfig.of("articles", 3, Metric.COSINE));

      client.upsert("articles", List.of(
          Point.of(1, new float[] {0.9f, 0.1f, 0.0f}, Map.of("title", "Vectors", "year", 2024)),
          Point.of("intro", new float[] {0.1f, 0.9f, 0.0f}, Map.of("title", "Intro"))));

      for (ScoredPoint hit : client.search("articles",
          SearchQuery.builder(new float[] {1f, 0f, 0f}).limit(5).withPayload().build())) {
        System.out.println(hit.id() + " " + hit.score() + " " + hit.payload().getString("title"));
      }
    }
    // README:end
  }

  public static QuiverClient configure() {
    // README:configure
    QuiverClient client = QuiverClient.builder()
        .target("quiver.internal:7070")              // or .channel(existingManagedChannel)
        .apiKey(System.getenv("QUIVER_API_KEY"))     // sent as "authorization: Bearer <key>"
        .trustCertificates(Path.of("/etc/quiver/ca.pem"))   // TLS, trusting this CA
        .defaultDeadline(Duration.ofSeconds(10))
        .retryPolicy(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(50)).build())
        .userAgent("my-service/1.4")                 // sent before "quiver-java/<v> java/<v>"
        .build();
    // README:end
    return client;
  }

  public static QuiverClient mutualTls(SSLContext sslContext) {
    // README:mtls
    QuiverClient mtls = QuiverClient.builder()
        .target("quiver.internal:7070")
        .trustCertificates(Path.of("ca.pem"))
        .clientCertificate(Path.of("client.pem"), Path.of("client.key"))   // PEM, key in PKCS#8
        .build();

    QuiverClient fromSslContext = QuiverClient.builder()
        .target("quiver.internal:7070")
        .sslContext(sslContext)                      // an initialised javax.net.ssl.SSLContext
        .build();
    // README:end
    fromSslContext.close();
    return mtls;
  }

  public static void collections(QuiverClient client) {
    // README:collections
    CollectionInfo info = client.createCollection(
        CollectionConfig.of("docs", 384, Metric.COSINE).withIndex("HNSW(m=16, ef_construction=200)"));
    System.out.println(info.index() + " " + info.pointCount() + " " + info.status());

    for (CollectionInfo c : client.listCollections()) {
      System.out.println(c.name() + ": " + c.dimension() + " dims, " + c.pointCount() + " points");
    }
    client.deleteCollection("docs");
    // README:end
  }

  public static void typedPayloads(QuiverClient client, float[] vector, List<Float> embedding) {
    // README:payloads
    // Payloads from records (or POJOs with getters, or maps) ...
    Article article = new Article("Vectors", 2024, List.of("ml", "search"));
    client.upsert("articles", List.of(
        Point.of(1, vector, Payload.from(article)),
        Point.of(2, embedding, Map.of("title", "From a List<Float>", "year", 2023))));

    // ... and back, with typed accessors or into a record.
    for (ScoredPoint hit : client.search("articles", SearchQuery.builder(vector).withPayload().build())) {
      String title = hit.payload().getString("title");
      long year = hit.payload().getLong("year");
      List<String> tags = hit.payload().getList("tags", String.class);   // null when absent
      System.out.println(title + " " + year + " " + tags);
    }
    Article back = client.getPoints("articles", List.of(PointId.ofNumber(1))).getFirst().payload().as(Article.class);
    // README:end
    System.out.println(back);
  }

  public static void searching(QuiverClient client, float[] query, float[] other) {
    // README:search
    List<ScoredPoint> hits = client.search("articles", SearchQuery.builder(query)
        .limit(10)
        .scoreThreshold(0.3f)     // COSINE/DOT: score >= 0.3; L2: distance <= 0.3
        .withPayload()
        .ef(128)                  // HNSW beam width for this query
        .build());

    // Several queries in one call; one hit list per query, in order.
    List<List<ScoredPoint>> perQuery = client.searchBatch("articles",
        List.of(SearchQuery.of(query, 5), SearchQuery.of(other, 5)));
    // README:end
    System.out.println(hits.size() + " " + perQuery.size());
  }

  public static void bulkLoad(QuiverClient client, Iterable<Point> points) {
    // README:upsert-all
    UpsertSummary summary = client.upsertAll("articles", points, UpsertOptions.builder()
        .batchSize(500)           // points per Upsert call (server limit: 1000 by default)
        .maxInFlight(4)           // batches awaiting acknowledgement at once
        .onProgress(p -> System.out.printf("%d points stored (%d batches)%n", p.points(), p.batches()))
        .build());
    System.out.println(summary.points() + " points in " + summary.elapsed().toMillis() + " ms");
    // README:end
  }

  public static void bulkStream(QuiverClient client, Iterator<Point> points) {
    // README:upsert-stream
    UpsertResult result = client.withDeadline(Duration.ofMinutes(30))
        .upsertStream("articles", points, 500);
    // README:end
    System.out.println(result.applied());
  }

  public static void scrolling(QuiverClient client) {
    // README:scroll
    try (Stream<Point> all = client.scrollAll("articles", 500, Include.PAYLOAD)) {
      all.filter(p -> p.payload().getLong("year") >= 2020)
          .forEach(p -> System.out.println(p.id() + " " + p.payload().getString("title")));
    }

    Iterator<Point> it = client.scrollIterator("articles", 500, Include.ID_ONLY);
    while (it.hasNext()) {
      PointId id = it.next().id();
      System.out.println(id);
    }

    ScrollPage page = client.scroll("articles", 100, null, Include.PAYLOAD_AND_VECTOR);   // by hand
    while (page.hasNextPage()) {
      page = client.scroll("articles", 100, page.nextPageToken(), Include.PAYLOAD_AND_VECTOR);
    }
    // README:end
  }

  public static void async(float[] vector) {
    // README:async
    ExecutorService callbacks = Executors.newFixedThreadPool(4);
    try (QuiverClient client = QuiverClient.builder().target("localhost:7070")
        .executor(callbacks)                         // where futures complete
        .build()) {
      CompletableFuture<List<ScoredPoint>> hits = client.searchAsync("articles", SearchQuery.of(vector, 5));
      CompletableFuture<Long> count = client.countAsync("articles");
      hits.thenCombine(count, (h, n) -> h.size() + " hits out of " + n).thenAccept(System.out::println).join();
    } finally {
      callbacks.shutdown();
    }
    // README:end
  }

  public static void deadlines(QuiverClient client, float[] vector) {
    // README:deadlines
    // Every call gets the default deadline (30 s unless configured); retries share it.
    QuiverClient fast = client.withDeadline(Duration.ofMillis(200));   // cheap view, same channel
    List<ScoredPoint> hits = fast.search("articles", SearchQuery.of(vector, 5));
    // README:end
    System.out.println(hits);
  }

  public static void errors(QuiverClient client) {
    // README:errors
    try {
      client.getCollection("missing");
    } catch (NotFoundException e) {
      System.out.println("no such collection: " + e.serverMessage());
    } catch (UnauthenticatedException | PermissionDeniedException e) {
      System.out.println("check the API key: " + e.getMessage());
    } catch (QuiverException e) {
      // any other status; e.code() is the gRPC code, e.isRetryable() says whether to try later
      System.out.println(e.code() + " retryable=" + e.isRetryable());
    }
    // README:end
  }

  public static void serverInfo(QuiverClient client) {
    // README:server-info
    ServerInfo info = client.serverInfo();
    System.out.println("server " + info.version() + ", client " + QuiverClient.version());
    // README:end
  }

  public static void raw(QuiverClient client) {
    // README:raw
    long n = client.raw().points()
        .count(io.quiver.proto.v1.CountRequest.newBuilder().setCollection("articles").build())
        .getCount();
    // README:end
    System.out.println(n);
  }
}
