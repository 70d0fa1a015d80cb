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
  void outagesAreRetryableButOverloadOnlyWithARetryAfterHint() {
    QuiverClient client = server.builder().retryPolicy(RetryPolicy.none()).build();
    client.createCollection("c", 2, Metric.COSINE);

    server.control.failNextCall(Status.RESOURCE_EXHAUSTED.withDescription("message too large"));
    assertThatThrownBy(() -> client.upsert("c", List.of(Point.of(1, new float[] {1, 1}, null))))
        .isInstanceOfSatisfying(ResourceExhaustedException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.retryAfter()).isEmpty();
        });

    io.grpc.Metadata hint = new io.grpc.Metadata();
    hint.put(QuiverException.RETRY_AFTER, "0.5");
    server.control.failNextCalls(1, Status.RESOURCE_EXHAUSTED.withDescription("too many requests"), hint);
    assertThatThrownBy(() -> client.upsert("c", List.of(Point.of(1, new float[] {1, 1}, null))))
        .isInstanceOfSatisfying(ResourceExhaustedException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofMillis(500));
        });

    server.control.failNextCall(Status.UNAVAILABLE);
    assertThatThrownBy(() -> client.count("c"))
        .isInstanceOfSatisfying(UnavailableException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.serverMessage()).isEmpty();
          assertThat(e.getMessage()).isEqualTo("UNAVAILABLE");
        });
  }

  @Test
  void eachCommonCodeHasItsOwnSubclass() {
    QuiverClient client = server.client();
    assertThatThrownBy(() -> client.getCollection("missing")).isInstanceOf(NotFoundException.class);
    client.createCollection("c", 2, Metric.COSINE);
    assertThatThrownBy(() -> client.createCollection("c", 2, Metric.COSINE)).isInstanceOf(AlreadyExistsException.class);
    Status[] statuses = {Status.INVALID_ARGUMENT, Status.UNAUTHENTICATED, Status.PERMISSION_DENIED, Status.INTERNAL};
    List<Class<?>> types = List.of(InvalidArgumentException.class, UnauthenticatedException.class,
        PermissionDeniedException.class, QuiverException.class);
    for (int i = 0; i < statuses.length; i++) {
      server.control.failNextCall(statuses[i].withDescription("why"));
      Class<?> type = types.get(i);
      assertThatThrownBy(() -> client.count("c")).isExactlyInstanceOf(type)
          .isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.serverMessage()).isEqualTo("why");
            assertThat(e.isRetryable()).isFalse();
          });
    }
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
