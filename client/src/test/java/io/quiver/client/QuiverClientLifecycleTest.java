package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuiverClientLifecycleTest {

  @Test
  void needsExactlyOneOfTargetAndChannel() {
    assertThatThrownBy(() -> QuiverClient.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
    try (FakeQuiverServer server = new FakeQuiverServer()) {
      assertThatThrownBy(() -> QuiverClient.builder().target("localhost:7070").channel(server.channel).build())
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void rejectsNonPositiveDeadlines() {
    assertThatThrownBy(() -> QuiverClient.builder().defaultDeadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> QuiverClient.builder().defaultDeadline(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuiverClient.builder().maxInboundMessageBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClientBuiltFromATargetConnectsLazilyAndClosesCleanly() {
    QuiverClient client = QuiverClient.builder().target("localhost:1").usePlaintext().build();
    client.close();
    client.close(); // idempotent
    // The owned channel is gone, so calls fail rather than hang.
    assertThatThrownBy(client::listCollections).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE));
  }

  @Test
  void closingLeavesABorrowedChannelOpen() throws Exception {
    try (FakeQuiverServer server = new FakeQuiverServer()) {
      ManagedChannel channel = server.channel;
      QuiverClient client = QuiverClient.builder().channel(channel).build();
      client.close();
      assertThat(channel.isShutdown()).isFalse();
      assertThat(server.client().listCollections()).isEmpty();
    }
  }

  @Test
  void asyncResultsCompleteOnTheCallbackExecutor() throws Exception {
    var pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "quiver-callbacks"));
    List<String> completions = new CopyOnWriteArrayList<>();
    Executor recording = task -> pool.execute(() -> {
      completions.add(Thread.currentThread().getName());
      task.run();
    });
    try (FakeQuiverServer server = new FakeQuiverServer()) {
      QuiverClient client = QuiverClient.builder().channel(server.channel).callbackExecutor(recording).build();
      assertThat(client.listCollectionsAsync().get(5, TimeUnit.SECONDS)).isEmpty();
      assertThat(client.upsertStreamAsync("none", PointsClientTest.points(1), 1).handle((r, e) -> e).get(5, TimeUnit.SECONDS))
          .isInstanceOf(QuiverException.class);
      assertThat(completions).containsExactly("quiver-callbacks", "quiver-callbacks");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancellingAnAsyncCallCancelsTheRpc() throws Exception {
    try (FakeQuiverServer server = new FakeQuiverServer()) {
      QuiverClient client = server.client();
      CountDownLatch serverSawCancel = server.control.holdNextCall();

      CompletableFuture<?> call = client.listCollectionsAsync();
      assertThat(call.cancel(true)).isTrue();

      assertThat(serverSawCancel.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(call.isCancelled()).isTrue();
    }
  }
}
