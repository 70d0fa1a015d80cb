package io.quiver.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.client.QuiverClient;
import io.quiver.examples.SemanticSearch;
import io.quiver.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples/ program runs against a real server and finds the right topics; the BOM stays in step. */
class ExampleProgramTest {
  @TempDir Path dir;

  @Test
  void semanticSearchFindsArticlesOfTheQueryTopic() throws Exception {
    try (TestServer s = new TestServer(dir);
        QuiverClient client = QuiverClient.builder().target("127.0.0.1:" + s.server.grpcPort()).build()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      var best = SemanticSearch.run(client, new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(best).hasSize(3);
      String text = out.toString(StandardCharsets.UTF_8);
      assertThat(text).contains("loaded 24 articles");
      // Each query's three hits are of its topic: databases, cooking, astronomy.
      String[] blocks = text.split("\\nquery: ");
      assertThat(blocks).hasSize(4);
      String[] topics = {"databases", "cooking", "astronomy"};
      for (int i = 0; i < 3; i++) {
        String topic = "[" + topics[i] + "]";
        assertThat(blocks[i + 1].lines().skip(1).limit(3)).allSatisfy(l -> assertThat(l).endsWith(topic));
      }
      // Running it again re-creates the collection.
      assertThat(SemanticSearch.run(client, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
          .isEqualTo(best);
    }
  }

  @Test
  void theBomPinsTheSameGrpcAndProtobufVersionsAsTheBuild() throws Exception {
    String root = Files.readString(Path.of("..", "pom.xml"));
    String bom = Files.readString(Path.of("..", "bom", "pom.xml"));
    for (String property : new String[] {"grpc.version", "protobuf.version"}) {
      assertThat(value(bom, property)).as(property).isEqualTo(value(root, property));
    }
    assertThat(value(bom, "version")).isEqualTo(value(root, "version"));
  }

  private static String value(String pom, String tag) {
    Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">([^<]+)</" + Pattern.quote(tag) + ">").matcher(pom);
    assertThat(m.find()).as(tag).isTrue();
    return m.group(1);
  }
}
