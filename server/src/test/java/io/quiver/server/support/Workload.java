package io.quiver.server.support;

import static io.quiver.server.support.Protos.id;
import static io.quiver.server.support.Protos.point;
import static io.quiver.server.support.Protos.vector;

import io.grpc.StatusRuntimeException;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.UpsertRequest;
import java.util.Random;

/**
 * A small, known workload over gRPC that touches every metric family: creates collection
 * {@code articles} (dimension {@value #DIM}), upserts {@value #BATCHES} batches of
 * {@value #BATCH} points, runs {@value #SEARCHES} searches, deletes {@value #DELETED} points
 * (and one id that does not exist), gets and counts, sends {@value #BAD} bad upserts
 * (INVALID_ARGUMENT), fills an HNSW collection {@code graph} with 100 points, deletes 5 and
 * searches it, and creates then deletes collection {@code temp}.
 */
public final class Workload {
  public static final String COLLECTION = "articles";
  public static final String GRAPH = "graph";
  public static final int DIM = 8;
  public static final int BATCH = 50;
  public static final int BATCHES = 4;
  public static final int SEARCHES = 5;
  public static final int DELETED = 10;
  public static final int BAD = 2;

  private Workload() {}

  public static void run(TestServer s) {
    s.collections().create(CreateCollectionRequest.newBuilder().setName(COLLECTION).setDimension(DIM)
        .setMetric(Metric.COSINE).build());
    Random r = new Random(3);
    for (int b = 0; b < BATCHES; b++) {
      UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection(COLLECTION);
      for (int i = 0; i < BATCH; i++) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          v[d] = (float) r.nextGaussian();
        }
        req.addPoints(point((long) b * BATCH + i, v));
      }
      s.points().upsert(req.build());
    }
    for (int q = 0; q < SEARCHES; q++) {
      s.search().search(SearchRequest.newBuilder().setCollection(COLLECTION)
          .setVector(vector(1, 0, 0, 0, 0, 0, 0, q)).setLimit(3).build());
    }
    DeletePointsRequest.Builder del = DeletePointsRequest.newBuilder().setCollection(COLLECTION);
    for (int i = 0; i < DELETED; i++) {
      del.addIds(id(i));
    }
    s.points().delete(del.addIds(id(1_000_000)).build());
    s.points().get(GetPointsRequest.newBuilder().setCollection(COLLECTION).addIds(id(20)).build());
    s.points().count(CountRequest.newBuilder().setCollection(COLLECTION).build());
    for (int i = 0; i < BAD; i++) {
      try {
        s.points().upsert(UpsertRequest.newBuilder().setCollection(COLLECTION)
            .addPoints(point(1, new float[] {1, 2})).build());
        throw new AssertionError("a wrong dimension was accepted");
      } catch (StatusRuntimeException expected) {
        // INVALID_ARGUMENT
      }
    }
    // An HNSW collection: index link work, graph searches (plan "hnsw"), removed nodes.
    s.collections().create(CreateCollectionRequest.newBuilder().setName(GRAPH).setDimension(DIM)
        .setMetric(Metric.L2).setIndex("HNSW").build());
    UpsertRequest.Builder graphPoints = UpsertRequest.newBuilder().setCollection(GRAPH);
    for (int i = 0; i < 100; i++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = (float) r.nextGaussian();
      }
      graphPoints.addPoints(point(i, v));
    }
    s.points().upsert(graphPoints.build());
    DeletePointsRequest.Builder graphDeletes = DeletePointsRequest.newBuilder().setCollection(GRAPH);
    for (int i = 0; i < 5; i++) {
      graphDeletes.addIds(id(i));
    }
    s.points().delete(graphDeletes.build());
    for (int q = 0; q < SEARCHES; q++) {
      s.search().search(SearchRequest.newBuilder().setCollection(GRAPH)
          .setVector(vector(0, 1, 0, 0, 0, 0, 0, q)).setLimit(3).build());
    }
    s.collections().create(CreateCollectionRequest.newBuilder().setName("temp").setDimension(4)
        .setMetric(Metric.L2).build());
    s.points().upsert(UpsertRequest.newBuilder().setCollection("temp").addPoints(point(1, new float[] {1, 2, 3, 4}))
        .build());
    s.collections().delete(DeleteCollectionRequest.newBuilder().setName("temp").build());
  }
}
