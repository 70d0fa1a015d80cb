package io.quiver.server.grpc;

import static io.quiver.server.support.Protos.point;
import static io.quiver.server.support.Protos.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.CreateSnapshotRequest;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.DeleteSnapshotRequest;
import io.quiver.proto.v1.DownloadSnapshotRequest;
import io.quiver.proto.v1.ListSnapshotsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.RestoreSnapshotRequest;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.SearchResponse;
import io.quiver.proto.v1.SnapshotChunk;
import io.quiver.proto.v1.SnapshotInfo;
import io.quiver.proto.v1.SnapshotsGrpc;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.WithParts;
import io.quiver.server.support.Oracle;
import io.quiver.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots over gRPC: restore in place, and download from one server, upload to another. */
class SnapshotsServiceTest {
  @TempDir Path dir;

  private static List<SearchRequest> load(TestServer s) {
    s.collections().create(CreateCollectionRequest.newBuilder().setName("docs").setDimension(8).setMetric(Metric.L2)
        .setIndex("HNSW(m=8, ef_construction=64)").build());
    Random r = new Random(2);
    UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("docs");
    for (int i = 0; i < 800; i++) {
      b.addPoints(point(i, Oracle.randomVector(r, 8)));
    }
    s.points().upsert(b.build());
    List<SearchRequest> queries = new ArrayList<>();
    for (int q = 0; q < 20; q++) {
      queries.add(SearchRequest.newBuilder().setCollection("docs").setVector(vector(Oracle.randomVector(r, 8)))
          .setLimit(10).setWith(WithParts.newBuilder().setPayload(true)).build());
    }
    return queries;
  }

  private static List<SearchResponse> run(TestServer s, List<SearchRequest> queries) {
    return queries.stream().map(q -> s.search().search(q)).toList();
  }

  private static SnapshotInfo upload(TestServer s, List<SnapshotChunk> chunks) throws Exception {
    CompletableFuture<SnapshotInfo> done = new CompletableFuture<>();
    StreamObserver<SnapshotChunk> up = SnapshotsGrpc.newStub(s.channel).upload(new StreamObserver<>() {
      public void onNext(SnapshotInfo info) { done.complete(info); }
      public void onError(Throwable t) { done.completeExceptionally(t); }
      public void onCompleted() {}
    });
    chunks.forEach(up::onNext);
    up.onCompleted();
    try {
      return done.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void restoreInPlaceAndOnAFreshServerGiveIdenticalResults() throws Exception {
    List<SnapshotChunk> downloaded = new ArrayList<>();
    List<SearchResponse> before;
    List<SearchRequest> queries;
    SnapshotInfo snap;
    try (TestServer a = new TestServer(dir.resolve("a"))) {
      queries = load(a);
      // Let the graph link everything, so results do not depend on timing.
      Thread.sleep(500);
      while (a.server.database().get("docs").index().indexing()) {
        Thread.sleep(50);
      }
      before = run(a, queries);
      var snapshots = SnapshotsGrpc.newBlockingStub(a.channel);
      snap = snapshots.create(CreateSnapshotRequest.newBuilder().setCollection("docs").build());
      assertThat(snap.getCollection()).isEqualTo("docs");
      assertThat(snap.getBytes()).isPositive();
      assertThat(snapshots.list(ListSnapshotsRequest.getDefaultInstance()).getSnapshotsList()).containsExactly(snap);

      a.collections().delete(DeleteCollectionRequest.newBuilder().setName("docs").build());
      snapshots.restore(RestoreSnapshotRequest.newBuilder().setId(snap.getId()).setCollection("docs").build());
      assertThat(run(a, queries)).isEqualTo(before);

      Iterator<SnapshotChunk> it = snapshots.download(DownloadSnapshotRequest.newBuilder().setId(snap.getId()).build());
      it.forEachRemaining(downloaded::add);
      assertThat(downloaded.getFirst().getPath()).isEqualTo("MANIFEST");

      snapshots.delete(DeleteSnapshotRequest.newBuilder().setId(snap.getId()).build());
      assertThat(snapshots.list(ListSnapshotsRequest.getDefaultInstance()).getSnapshotsCount()).isZero();
      assertThatThrownBy(() -> snapshots.delete(DeleteSnapshotRequest.newBuilder().setId(snap.getId()).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
    try (TestServer b = new TestServer(dir.resolve("b"))) {
      // A damaged upload is refused and leaves nothing behind.
      List<SnapshotChunk> damaged = new ArrayList<>(downloaded);
      int victim = damaged.size() - 1;
      byte[] bytes = damaged.get(victim).getData().toByteArray();
      bytes[bytes.length / 2] ^= 0x10;
      damaged.set(victim, damaged.get(victim).toBuilder().setData(com.google.protobuf.ByteString.copyFrom(bytes)).build());
      assertThatThrownBy(() -> upload(b, damaged)).isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS));
      var snapshots = SnapshotsGrpc.newBlockingStub(b.channel);
      assertThat(snapshots.list(ListSnapshotsRequest.getDefaultInstance()).getSnapshotsCount()).isZero();

      SnapshotInfo uploaded = upload(b, downloaded);
      assertThat(uploaded.getId()).isEqualTo(snap.getId());
      snapshots.restore(RestoreSnapshotRequest.newBuilder().setId(uploaded.getId()).setCollection("docs").build());
      assertThat(run(b, queries)).isEqualTo(before);
    }
  }

  @Test
  void snapshotsNeedAnAdminKey() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("auth"), java.util.Map.of("security.api_keys", "admin-0123456789",
        "security.read_only_api_keys", "reader-0123456789"))) {
      for (var entry : java.util.Map.of("", Status.Code.UNAUTHENTICATED, "reader-0123456789", Status.Code.PERMISSION_DENIED,
          "admin-0123456789", Status.Code.OK).entrySet()) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        if (!entry.getKey().isEmpty()) {
          headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
              "Bearer " + entry.getKey());
        }
        var stub = SnapshotsGrpc.newBlockingStub(s.channel)
            .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
        Status.Code code;
        try {
          stub.list(ListSnapshotsRequest.getDefaultInstance());
          code = Status.Code.OK;
        } catch (StatusRuntimeException e) {
          code = e.getStatus().getCode();
        }
        assertThat(code).as("key '%s'", entry.getKey()).isEqualTo(entry.getValue());
      }
    }
  }
}
