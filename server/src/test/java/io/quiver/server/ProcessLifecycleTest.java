package io.quiver.server;

import static io.quiver.server.support.Protos.id;
import static io.quiver.server.support.Protos.point;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.WithParts;
import io.quiver.server.support.ServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as its own process: SIGKILL recovery, SIGTERM shutdown, start-up failures. */
class ProcessLifecycleTest {
  @TempDir Path dir;

  private static float[] vectorFor(long id) {
    Random r = new Random(id * 31 + 7);
    float[] v = new float[16];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Every write acknowledged before a SIGKILL is there after restart; nothing unsent appears. */
  @Test
  void sigkillLosesNoAcknowledgedWrite() throws Exception {
    Path data = dir.resolve("data");
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    AtomicLong nextId = new AtomicLong();
    try (ServerProcess server = ServerProcess.start(data, dir.resolve("run1.log"))) {
      CollectionsGrpc.newBlockingStub(server.channel()).create(CreateCollectionRequest.newBuilder()
          .setName("crash").setDimension(16).setMetric(Metric.L2).build());
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        writers.add(Thread.ofPlatform().start(() -> {
          PointsGrpc.PointsBlockingStub stub = PointsGrpc.newBlockingStub(server.channel());
          while (!stop.get()) {
            List<Long> ids = new ArrayList<>();
            UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection("crash");
            for (int i = 0; i < 20; i++) {
              long id = nextId.getAndIncrement();
              ids.add(id);
              req.addPoints(point(id, vectorFor(id)));
            }
            try {
              stub.withDeadlineAfter(10, TimeUnit.SECONDS).upsert(req.build());
              acked.addAll(ids);
            } catch (StatusRuntimeException e) {
              return; // the server is gone
            }
          }
        }));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (acked.size() < 4000 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      server.kill();
      stop.set(true);
      for (Thread w : writers) {
        w.join();
      }
    }
    assertThat(acked).as("writes were acknowledged before the kill").hasSizeGreaterThan(500);
    long sent = nextId.get();
    try (ServerProcess server = ServerProcess.start(data, dir.resolve("run2.log"))) {
      PointsGrpc.PointsBlockingStub stub = PointsGrpc.newBlockingStub(server.channel());
      long count = stub.count(CountRequest.newBuilder().setCollection("crash").build()).getCount();
      assertThat(count).isBetween((long) acked.size(), sent);
      List<Long> ackedList = new ArrayList<>(acked);
      Set<Long> found = new HashSet<>();
      for (int from = 0; from < ackedList.size(); from += 1000) {
        List<PointId> ids = ackedList.subList(from, Math.min(ackedList.size(), from + 1000)).stream().map(i -> id(i)).toList();
        for (Point p : stub.get(GetPointsRequest.newBuilder().setCollection("crash").addAllIds(ids)
            .setWith(WithParts.newBuilder().setVector(true).setPayload(true)).build()).getPointsList()) {
          long id = p.getId().getNum();
          float[] expected = vectorFor(id);
          for (int d = 0; d < 16; d++) {
            assertThat(p.getVector().getValues(d)).isEqualTo(expected[d]);
          }
          assertThat(p.getPayloadMap().get("n").getIntegerValue()).isEqualTo(id);
          found.add(id);
        }
      }
      assertThat(found).as("every acknowledged point survives SIGKILL").containsExactlyInAnyOrderElementsOf(acked);
    }
  }

  @Test
  void sigtermDrainsAndShutsDownCleanly() throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess server = ServerProcess.start(data, dir.resolve("run1.log"))) {
      CollectionsGrpc.newBlockingStub(server.channel()).create(CreateCollectionRequest.newBuilder()
          .setName("c").setDimension(16).setMetric(Metric.DOT).build());
      UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection("c");
      for (long i = 0; i < 100; i++) {
        req.addPoints(point(i, vectorFor(i)));
      }
      PointsGrpc.newBlockingStub(server.channel()).upsert(req.build());
      server.terminate();
      assertThat(server.output()).contains("shut down cleanly");
    }
    try (ServerProcess server = ServerProcess.start(data, dir.resolve("run2.log"))) {
      assertThat(PointsGrpc.newBlockingStub(server.channel()).count(CountRequest.newBuilder().setCollection("c").build())
          .getCount()).isEqualTo(100);
    }
  }

  @Test
  void startupFailuresExitWithOneClearLine() throws Exception {
    Path data = dir.resolve("data");
    // A taken gRPC port.
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ServerProcess p = ServerProcess.launch(data, dir.resolve("port.log"), taken.getLocalPort(),
          ServerProcess.freePort(), Map.of());
      assertThat(p.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process.exitValue()).isEqualTo(3);
      assertThat(p.output()).contains("quiver: cannot start: cannot listen on gRPC port " + taken.getLocalPort());
    }
    // A data directory held by another running server.
    try (ServerProcess first = ServerProcess.start(data, dir.resolve("first.log"))) {
      ServerProcess second = ServerProcess.launch(data, dir.resolve("locked.log"), ServerProcess.freePort(),
          ServerProcess.freePort(), Map.of());
      assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(second.process.exitValue()).isEqualTo(3);
      assertThat(second.output()).contains("quiver: cannot start: data directory").contains("locked by another process");
    }
    // A data directory that is a file.
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    ServerProcess p = ServerProcess.launch(file, dir.resolve("file.log"), ServerProcess.freePort(),
        ServerProcess.freePort(), Map.of());
    assertThat(p.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.process.exitValue()).isEqualTo(3);
    assertThat(p.output()).contains("quiver: cannot start: data directory " + file);
    // An unknown configuration key.
    ServerProcess bad = ServerProcess.launch(data, dir.resolve("config.log"), ServerProcess.freePort(),
        ServerProcess.freePort(), Map.of("QUIVER__SERVER__GRPC_PROT", "1"));
    assertThat(bad.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.process.exitValue()).isEqualTo(2);
    assertThat(bad.output()).contains("QUIVER__SERVER__GRPC_PROT");
  }
}
