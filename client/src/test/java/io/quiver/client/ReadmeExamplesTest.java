package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.client.readme.ReadmeExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The READMEs' Java code is the compiled code of {@link ReadmeExamples}: every {@code java}
 * block of client/README.md is one of its marked blocks and every marked block is in the
 * README; README.md's Java quick start is the quick-start block. Import lines at the top of a
 * README block are not compared (a method cannot hold them). The examples that need no real
 * server then run against the in-process fake.
 */
class ReadmeExamplesTest {

  private static final Path SOURCE = Path.of("src/test/java/io/quiver/client/readme/ReadmeExamples.java");

  static Map<String, String> markedBlocks() throws IOException {
    Map<String, String> blocks = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(SOURCE);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("// README:") && !line.equals("// README:end")) {
        String name = line.substring("// README:".length());
        List<String> body = new ArrayList<>();
        for (i++; !lines.get(i).strip().equals("// README:end"); i++) {
          body.add(lines.get(i));
        }
        blocks.put(name, dedent(body));
      }
    }
    return blocks;
  }

  static List<String> javaBlocks(Path markdown) throws IOException {
    List<String> blocks = new ArrayList<>();
    List<String> lines = Files.readAllLines(markdown);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("```java")) {
        List<String> body = new ArrayList<>();
        for (i++; !lines.get(i).strip().equals("```"); i++) {
          body.add(lines.get(i));
        }
        while (!body.isEmpty() && (body.getFirst().startsWith("import ") || body.getFirst().isBlank())) {
          body.removeFirst();
        }
        blocks.add(dedent(body));
      }
    }
    return blocks;
  }

  private static String dedent(List<String> body) {
    int indent = body.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> IntStream.range(0, l.length()).filter(k -> l.charAt(k) != ' ').findFirst().orElse(0))
        .min().orElse(0);
    StringBuilder sb = new StringBuilder();
    for (String l : body) {
      sb.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
    }
    return sb.toString().strip();
  }

  @Test
  void theClientReadmeHoldsExactlyTheCompiledExamples() throws IOException {
    Map<String, String> marked = markedBlocks();
    List<String> readme = javaBlocks(Path.of("README.md"));
    assertThat(readme).as("java blocks of client/README.md").containsExactlyInAnyOrderElementsOf(marked.values());
  }

  @Test
  void theTopLevelQuickStartIsTheCompiledOne() throws IOException {
    assertThat(javaBlocks(Path.of("..", "README.md"))).containsExactly(markedBlocks().get("quick-start"));
  }

  @Test
  void theExamplesRunAgainstTheFake() {
    try (FakeQuiverServer server = new FakeQuiverServer()) {
      QuiverClient client = server.builder().versionCheck(false).build();
      client.createCollection(CollectionConfig.of("articles", 3, Metric.COSINE));
      float[] v = {1f, 0f, 0f};
      ReadmeExamples.typedPayloads(client, v, List.of(0.5f, 0.5f, 0f));
      ReadmeExamples.searching(client, v, new float[] {0f, 1f, 0f});
      ReadmeExamples.bulkLoad(client, IntStream.range(10, 2010)
          .mapToObj(i -> Point.of(i, new float[] {i, 1, 0}, Map.of("title", "t" + i, "year", 2000L + i % 30))).toList());
      ReadmeExamples.bulkStream(client, List.of(Point.of(5000, v, Map.of("year", 2021, "title", "x"))).iterator());
      ReadmeExamples.scrolling(client);
      ReadmeExamples.deadlines(client, v);
      ReadmeExamples.errors(client);
      ReadmeExamples.raw(client);
      assertThat(client.count("articles")).isEqualTo(2003);
    }
    // Builders with no server behind them: channels connect lazily, nothing is sent.
    try (QuiverClient c = QuiverClient.builder().target("localhost:1").apiKey("k").useTls()
        .userAgent("readme-test/1").build()) {
      assertThat(c.defaultDeadline()).isEqualTo(QuiverClientBuilder.DEFAULT_DEADLINE);
    }
  }
}
