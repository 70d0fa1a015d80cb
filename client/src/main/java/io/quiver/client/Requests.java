package io.quiver.client;

import static io.quiver.client.ProtoConversions.toProto;
import static io.quiver.client.ProtoConversions.toProtoIds;
import static io.quiver.client.ProtoConversions.toProtoPoints;

import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.SearchBatchRequest;
import io.quiver.proto.v1.UpsertRequest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Builds request messages from the client's typed arguments, checking what a caller can get
 * wrong before anything is sent. Stateless and thread-safe.
 */
final class Requests {

  private Requests() {}

  static GetCollectionRequest getCollection(String name) {
    return GetCollectionRequest.newBuilder().setName(requireName(name, "collection name")).build();
  }

  static io.quiver.proto.v1.RetrainRequest retrain(String name) {
    return io.quiver.proto.v1.RetrainRequest.newBuilder().setName(requireName(name, "collection name")).build();
  }

  static DeleteCollectionRequest deleteCollection(String name) {
    return DeleteCollectionRequest.newBuilder().setName(requireName(name, "collection name")).build();
  }

  static UpsertRequest upsert(String collection, Collection<? extends Point> points) {
    Objects.requireNonNull(points, "points");
    return UpsertRequest.newBuilder()
        .setCollection(requireName(collection, "collection"))
        .addAllPoints(toProtoPoints(points))
        .build();
  }

  static GetPointsRequest getPoints(String collection, Collection<? extends PointId> ids, Include include) {
    return GetPointsRequest.newBuilder()
        .setCollection(requireName(collection, "collection"))
        .addAllIds(toProtoIds(Objects.requireNonNull(ids, "ids")))
        .setWith(toProto(Objects.requireNonNull(include, "include")))
        .build();
  }

  static DeletePointsRequest deletePoints(String collection, Collection<? extends PointId> ids) {
    return DeletePointsRequest.newBuilder()
        .setCollection(requireName(collection, "collection"))
        .addAllIds(toProtoIds(Objects.requireNonNull(ids, "ids")))
        .build();
  }

  static ScrollRequest scroll(String collection, int limit, String pageToken, Include include) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative (0 means the server's default), got " + limit);
    }
    return ScrollRequest.newBuilder()
        .setCollection(requireName(collection, "collection"))
        .setLimit(limit)
        .setPageToken(Objects.requireNonNullElse(pageToken, ""))
        .setWith(toProto(Objects.requireNonNull(include, "include")))
        .build();
  }

  static CountRequest count(String collection) {
    return CountRequest.newBuilder().setCollection(requireName(collection, "collection")).build();
  }

  static io.quiver.proto.v1.SearchRequest search(String collection, SearchQuery query) {
    return toProto(requireName(collection, "collection"), Objects.requireNonNull(query, "query"));
  }

  /** Each inner request names the collection too, though the server ignores it there. */
  static SearchBatchRequest searchBatch(String collection, List<SearchQuery> queries) {
    requireName(collection, "collection");
    SearchBatchRequest.Builder b = SearchBatchRequest.newBuilder().setCollection(collection);
    for (SearchQuery q : Objects.requireNonNull(queries, "queries")) {
      b.addSearches(toProto(collection, Objects.requireNonNull(q, "query")));
    }
    return b.build();
  }

  static int requireBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    return batchSize;
  }

  private static String requireName(String name, String what) {
    return Objects.requireNonNull(name, what);
  }
}
