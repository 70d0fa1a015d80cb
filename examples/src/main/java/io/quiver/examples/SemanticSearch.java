package io.quiver.examples;

import io.quiver.client.Metric;
import io.quiver.client.NotFoundException;
import io.quiver.client.Payload;
import io.quiver.client.Point;
import io.quiver.client.QuiverClient;
import io.quiver.client.ScoredPoint;
import io.quiver.client.SearchQuery;
import io.quiver.client.UpsertSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Semantic search over ready vectors: loads a few articles with their (pre-computed) vectors
 * into a collection, then asks which articles are nearest to some query vectors.
 *
 * <p>The bundled vectors ({@code articles.csv}, {@code queries.csv}) are small toy vectors
 * clustered by topic; in a real application they would come from a sentence-embedding model,
 * and nothing else in the program would change.
 *
 * <p>Run it against a server ({@code ./quiver serve}):
 * {@code mvn -q -pl examples exec:java -Dexec.args="localhost:7070 [api-key]"}.
 */
public final class SemanticSearch {

  /** One article: its id, topic, title and vector. */
  public record Article(long id, String topic, String title, float[] vector) {}

  /** The payload stored with each article; read back with {@link Payload#as}. */
  public record ArticlePayload(String title, String topic) {}

  /** A query: its text and vector. */
  public record Query(String text, float[] vector) {}

  static final String COLLECTION = "example_articles";

  private SemanticSearch() {}

  /**
   * Connects to {@code args[0]} (default {@code localhost:7070}), with the API key in
   * {@code args[1]} if given, and runs the example.
   */
  public static void main(String[] args) {
    String target = args.length > 0 ? args[0] : "localhost:7070";
    var builder = QuiverClient.builder().target(target);
    if (args.length > 1) {
      builder.apiKey(args[1]);
    }
    try (QuiverClient client = builder.build()) {
      run(client, System.out);
    }
  }

  /**
   * Creates (or re-creates) the example collection, loads the articles and prints the three
   * nearest articles for each query.
   *
   * @return the top hit's title for each query, in query order
   */
  public static List<String> run(QuiverClient client, PrintStream out) {
    try {
      client.deleteCollection(COLLECTION);
    } catch (NotFoundException e) {
      // first run
    }
    client.createCollection(COLLECTION, 8, Metric.COSINE);

    List<Point> points = new ArrayList<>();
    for (Article a : articles()) {
      points.add(Point.of(a.id(), a.vector(), Payload.from(new ArticlePayload(a.title(), a.topic()))));
    }
    UpsertSummary loaded = client.upsertAll(COLLECTION, points);
    out.printf("loaded %d articles in %d ms%n", loaded.points(), loaded.elapsed().toMillis());

    List<String> best = new ArrayList<>();
    for (Query q : queries()) {
      List<ScoredPoint> hits = client.search(COLLECTION,
          SearchQuery.builder(q.vector()).limit(3).withPayload().build());
      out.printf("%nquery: %s%n", q.text());
      for (ScoredPoint hit : hits) {
        ArticlePayload article = hit.payload().as(ArticlePayload.class);
        out.printf("  %.3f  %-40s [%s]%n", hit.score(), article.title(), article.topic());
      }
      best.add(hits.getFirst().payload().getString("title"));
    }
    return best;
  }

  /** The bundled articles. */
  public static List<Article> articles() {
    List<Article> out = new ArrayList<>();
    for (String[] f : csv("articles.csv", 4)) {
      out.add(new Article(Long.parseLong(f[0]), f[1], f[2], floats(f[3])));
    }
    return out;
  }

  /** The bundled queries. */
  public static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (String[] f : csv("queries.csv", 2)) {
      out.add(new Query(f[0], floats(f[1])));
    }
    return out;
  }

  private static float[] floats(String spaceSeparated) {
    String[] parts = spaceSeparated.trim().split("\\s+");
    float[] v = new float[parts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  private static List<String[]> csv(String name, int fields) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = SemanticSearch.class.getResourceAsStream(name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split(",", fields));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
