package io.quiver.server.grpc;

import static io.quiver.server.support.Protos.point;
import static io.quiver.server.support.Protos.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quiver.proto.v1.CollectionInfo;
import io.quiver.proto.v1.CollectionStatus;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.RetrainRequest;
import io.quiver.proto.v1.ScoredPoint;
import io.quiver.proto.v1.SearchParams;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.server.support.Oracle;
import io.quiver.server.support.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An IVF_PQ collection over gRPC: spec, training status, per-request nprobe and refine, Retrain. */
class IvfPqLoopbackTest {
  private static final int DIM = 32;

  @TempDir Path dir;

  private static List<Long> ids(List<ScoredPoint> hits) {
    return hits.stream().map(h -> h.getId().getNum()).toList();
  }

  @Test
  void ivfPqCollectionsTrainAndHonourNprobeAndRefinePerRequest() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      CollectionInfo created = s.collections().create(CreateCollectionRequest.newBuilder().setName("v").setDimension(DIM)
          .setMetric(Metric.L2).setIndex("ivf_pq(nlist=16, m=8, train_min=1000)").build()).getCollection();
      assertThat(created.getIndex())
          .isEqualTo("IVF_PQ(nlist=16, m=8, nbits=8, nprobe=16, refine=4, train_min=1000, train_size=4096)");
      assertThat(created.getTrainedPoints()).isZero();
      Random r = new Random(12);
      for (int from = 0; from < 3000; from += 500) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("v");
        for (int i = from; i < from + 500; i++) {
          b.addPoints(point(i, Oracle.randomVector(r, DIM)));
        }
        s.points().upsert(b.build());
      }
      CollectionInfo info;
      long deadline = System.nanoTime() + 60_000_000_000L;
      do {
        Thread.sleep(20);
        info = s.collections().get(GetCollectionRequest.newBuilder().setName("v").build()).getCollection();
      } while ((info.getStatus() != CollectionStatus.READY || info.getTrainedPoints() == 0) && System.nanoTime() < deadline);
      assertThat(info.getTrainedPoints()).isGreaterThanOrEqualTo(1000);
      assertThat(info.getStatus()).isEqualTo(CollectionStatus.READY);
      assertThat(info.getRetrainRecommended()).isFalse();
      assertThat(info.getIndexMemoryBytes()).isGreaterThan(0);

      float[] q = Oracle.randomVector(new Random(99), DIM);
      SearchRequest.Builder req = SearchRequest.newBuilder().setCollection("v").setVector(vector(q)).setLimit(10);
      List<ScoredPoint> exact = s.search().search(req.clone().setParams(SearchParams.newBuilder().setExact(true)).build())
          .getHitsList();
      // Every list and every candidate re-ranked: the exact answer, with the exact scores.
      List<ScoredPoint> all = s.search().search(req.clone()
          .setParams(SearchParams.newBuilder().setNprobe(16).setRefine(300)).build()).getHitsList();
      assertThat(ids(all)).isEqualTo(ids(exact));
      assertThat(all.getFirst().getScore()).isEqualTo(exact.getFirst().getScore());
      // One list, no re-rank margin: a cheaper, different answer on random data.
      List<ScoredPoint> cheap = s.search().search(req.clone()
          .setParams(SearchParams.newBuilder().setNprobe(1).setRefine(1)).build()).getHitsList();
      assertThat(ids(cheap)).isNotEqualTo(ids(exact));

      CollectionInfo retraining = s.collections().retrain(RetrainRequest.newBuilder().setName("v").build()).getCollection();
      assertThat(retraining.getName()).isEqualTo("v");
    }
  }

  @Test
  void badSpecsAndRetrainOfOtherIndexesAreRefused() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      assertThatThrownBy(() -> s.collections().create(CreateCollectionRequest.newBuilder().setName("bad").setDimension(100)
          .setMetric(Metric.COSINE).setIndex("IVF_PQ(nlist=1024, m=32, nbits=8)").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("m=32 must divide the dimension 100");
          });
      s.collections().create(CreateCollectionRequest.newBuilder().setName("flat").setDimension(4)
          .setMetric(Metric.L2).build());
      assertThatThrownBy(() -> s.collections().retrain(RetrainRequest.newBuilder().setName("flat").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
      assertThatThrownBy(() -> s.collections().retrain(RetrainRequest.newBuilder().setName("nope").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }
}
