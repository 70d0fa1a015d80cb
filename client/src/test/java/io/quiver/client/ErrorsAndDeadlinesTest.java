package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quiver.proto.v1.CountRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorsAndDeadlinesTest {

  private final FakeQuiverServer server = new FakeQuiverServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theDefaultDeadlineOfThirtySecondsTravelsWithEveryCall() {
    QuiverClient client = server.client();
    assertThat(client.defaultDeadline()).isEqualTo(Duration.ofSeconds(30));

    client.listCollections();

    assertThat(server.control.lastDeadlineMillis()).isBetween(25_000L, 30_000L);
  }

  @Test
  void aConfiguredDeadlineTravelsToo() {
    server.client(Duration.ofSeconds(3)).listCollections();
    assertThat(server.control.lastDeadlineMillis()).isBetween(1_000L, 3_000L);

    server.client().withDeadline(Duration.ofMinutes(10)).listCollections();
    assertThat(server.control.lastDeadlineMillis()).isBetween(590_000L, 600_000L);
  }

  @Test
  void aServerSlowerThanTheDeadlineGivesDeadlineExceeded() {
    QuiverClient client = server.client(Duration.ofMillis(100));
    server.control.delayNextCall(Duration.ofMillis(600));

    assertThatThrownBy(client::listCollections)
        .isInstanceOfSatisfying(QuiverException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
        });
  }

  @Test
  void asyncCallsAlsoGetTheDeadline() {
    QuiverClient client = server.client(Duration.ofMillis(100));
    server.control.delayNextCall(Duration.ofMillis(600));

    assertThatThrownBy(() -> client.listCollectionsAsync().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(QuiverException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void anyStatusKeepsItsCodeAndDescription() {
    QuiverClient client = server.client();
    client.createCollection("c", 2, Metric.COSINE);
    server.control.failNextCall(Status.INVALID_ARGUMENT.withDescription("vector has dimension 3, expected 2"));

    assertThatThrownBy(() -> client.search("c", SearchQuery.of(new float[] {1, 2, 3}, 1)))
        .isInstanceOfSatisfying(QuiverException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.serverMessage()).isEqualTo("vector has dimension 3, expected 2");
          assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: vector has dimension 3, expected 2");
        });
  }

  @Test
  void overloadAndOutageAreRetryable() {
    QuiverClient client = server.client();
    client.createCollection("c", 2, Metric.COSINE);

    server.control.failNextCall(Status.RESOURCE_EXHAUSTED.withDescription("too many requests"));
    assertThatThrownBy(() -> client.upsert("c", List.of(Point.of(1, new float[] {1, 1}, null))))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.isRetryable()).isTrue());

    server.control.failNextCall(Status.UNAVAILABLE);
    assertThatThrownBy(() -> client.count("c"))
        .isInstanceOfSatisfying(QuiverException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.serverMessage()).isEmpty();
          assertThat(e.getMessage()).isEqualTo("UNAVAILABLE");
        });
  }

  @Test
  void rawStubsCarryTheDeadlineAndThrowGrpcsOwnException() {
    QuiverClient client = server.client(Duration.ofSeconds(4));

    assertThatThrownBy(() -> client.raw().points().count(CountRequest.newBuilder().setCollection("x").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(server.control.lastDeadlineMillis()).isBetween(2_000L, 4_000L);
    assertThat(client.raw().channel()).isSameAs(server.channel);
  }
}
