package io.quiver.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.quiver.server.support.TestServer;
import io.quiver.server.support.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The access log: one line per call with method, status, duration and collection; nothing else. */
class AccessLogTest {
  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("quiver.access");

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  @Test
  void oneLinePerCallWithoutPayloads() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      Workload.run(s);
    }
    List<ILoggingEvent> events = List.copyOf(appender.list);
    assertThat(events).isNotEmpty();
    ILoggingEvent bad = events.stream().filter(e -> e.getFormattedMessage().contains("INVALID_ARGUMENT")).findFirst()
        .orElseThrow();
    assertThat(bad.getFormattedMessage()).startsWith("quiver.v1.Points/Upsert INVALID_ARGUMENT ")
        .contains(" ms collection=articles");
    assertThat(keyValues(bad)).containsEntry("method", "quiver.v1.Points/Upsert")
        .containsEntry("status", "INVALID_ARGUMENT").containsEntry("collection", "articles").containsKey("duration_ms");
    assertThat(events).anySatisfy(e -> assertThat(e.getFormattedMessage())
        .startsWith("quiver.v1.Collections/Delete OK").endsWith("collection=temp"));
    long upserts = events.stream().filter(e -> e.getFormattedMessage().startsWith("quiver.v1.Points/Upsert OK")).count();
    assertThat(upserts).isEqualTo(Workload.BATCHES + 2);
    for (ILoggingEvent e : events) {
      // Payload values ("p12"), vectors and ids never appear.
      assertThat(e.getFormattedMessage()).doesNotContainPattern("p\\d+\\b").doesNotContain("values", "[");
    }
  }

  @Test
  void canBeTurnedOff() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of("logging.access_log", "false"))) {
      Workload.run(s);
    }
    assertThat(appender.list).isEmpty();
  }

  private static Map<String, Object> keyValues(ILoggingEvent e) {
    Map<String, Object> kv = new java.util.LinkedHashMap<>();
    e.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
    return kv;
  }
}
