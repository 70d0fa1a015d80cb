package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries against the in-process fake: which failures, how often, how long, which calls. */
class RetryTest {

  private static final RetryPolicy FAST = RetryPolicy.builder().initialBackoff(Duration.ofMillis(10))
      .maxBackoff(Duration.ofMillis(40)).build();

  private final FakeQuiverServer server = new FakeQuiverServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private QuiverClient client(RetryPolicy policy) {
    return server.builder().retryPolicy(policy).versionCheck(false).build();
  }

  @Test
  void aServerThatFailsTwiceWithUnavailableThenSucceedsIsRetriedTransparently() throws Exception {
    QuiverClient client = client(FAST);
    client.createCollection("c", 2, Metric.COSINE);
    int before = server.control.calls();

    server.control.failNextCalls(2, Status.UNAVAILABLE.withDescription("restarting"), new Metadata());
    assertThat(client.upsert("c", List.of(Point.of(1, new float[] {1, 0}, null))).applied()).isEqualTo(1);
    assertThat(server.control.calls() - before).isEqualTo(3);

    server.control.failNextCalls(2, Status.UNAVAILABLE, new Metadata());
    assertThat(client.countAsync("c").get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(server.control.calls() - before).isEqualTo(6);
  }

  @Test
  void attemptsAreBoundedByThePolicy() {
    QuiverClient client = client(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5)).build());
    client.createCollection("c", 2, Metric.COSINE);
    int before = server.control.calls();
    server.control.failNextCalls(5, Status.UNAVAILABLE, new Metadata());

    assertThatThrownBy(() -> client.count("c")).isInstanceOf(UnavailableException.class);
    assertThat(server.control.calls() - before).isEqualTo(3);
  }

  @Test
  void overloadIsRetriedOnlyWithARetryAfterHintAndWaitsAsAsked() {
    QuiverClient client = client(FAST);
    client.createCollection("c", 2, Metric.COSINE);
    int before = server.control.calls();

    server.control.failNextCall(Status.RESOURCE_EXHAUSTED.withDescription("message larger than max"));
    assertThatThrownBy(() -> client.count("c")).isInstanceOf(ResourceExhaustedException.class);
    assertThat(server.control.calls() - before).isEqualTo(1);

    Metadata hint = new Metadata();
    hint.put(QuiverException.RETRY_AFTER, "0.3");
    server.control.failNextCalls(1, Status.RESOURCE_EXHAUSTED.withDescription("overloaded"), hint);
    long t0 = System.nanoTime();
    assertThat(client.count("c")).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(server.control.calls() - before).isEqualTo(3);
  }

  @Test
  void otherCodesAndNonIdempotentCallsAreNotRetried() {
    QuiverClient client = client(FAST);
    int before = server.control.calls();
    server.control.failNextCall(Status.UNAVAILABLE);
    assertThatThrownBy(() -> client.createCollection("c", 2, Metric.COSINE)).isInstanceOf(UnavailableException.class);
    server.control.failNextCall(Status.UNAVAILABLE);
    assertThatThrownBy(() -> client.deleteCollectionAsync("c").get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnavailableException.class);
    server.control.failNextCall(Status.INTERNAL);
    assertThatThrownBy(client::listCollections).isExactlyInstanceOf(QuiverException.class);
    assertThat(server.control.calls() - before).isEqualTo(3);
  }

  @Test
  void retriesStopAtTheDeadlineWithTheLastFailure() {
    QuiverClient client = server.builder().versionCheck(false).defaultDeadline(Duration.ofMillis(300))
        .retryPolicy(RetryPolicy.builder().maxAttempts(100).initialBackoff(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(50)).jitter(0).build())
        .build();
    server.control.failNextCalls(100, Status.UNAVAILABLE.withDescription("down"), new Metadata());
    long t0 = System.nanoTime();

    assertThatThrownBy(client::listCollections).isInstanceOfSatisfying(UnavailableException.class,
        e -> assertThat(e.serverMessage()).isEqualTo("down"));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isLessThan(Duration.ofMillis(1500));
    assertThat(server.control.calls()).isBetween(3, 7);
  }

  @Test
  void aSlowServerIsNotRetriedPastTheDeadline() {
    QuiverClient client = server.builder().versionCheck(false).defaultDeadline(Duration.ofMillis(150)).build();
    server.control.delayNextCall(Duration.ofMillis(400));
    assertThatThrownBy(client::listCollections).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(server.control.calls()).isEqualTo(1);
  }

  @Test
  void backoffGrowsExponentiallyWithinTheJitterAndTheCap() {
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(350))
        .multiplier(2).jitter(0.1).build();
    for (int i = 0; i < 50; i++) {
      assertThat(p.backoff(1).toMillis()).isBetween(90L, 110L);
      assertThat(p.backoff(2).toMillis()).isBetween(180L, 220L);
      assertThat(p.backoff(3).toMillis()).isBetween(315L, 385L);
      assertThat(p.backoff(10).toMillis()).isBetween(315L, 385L);
    }
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(4);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }
}
