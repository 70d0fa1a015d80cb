package io.quiver.server.grpc;

import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.ScoredPoint;
import io.quiver.proto.v1.SearchBatchRequest;
import io.quiver.proto.v1.SearchBatchResponse;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.SearchResponse;
import io.quiver.storage.StorageException;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.Database;
import io.quiver.storage.index.SearchParams;
import java.util.ArrayList;
import java.util.List;

/** gRPC adapter for {@code quiver.v1.Search}. Thread-safe. */
public final class SearchService extends SearchGrpc.SearchImplBase {
  private final Database db;
  private final RequestLimits limits;

  public SearchService(Database db, RequestLimits limits) {
    this.db = db;
    this.limits = limits;
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResponse> observer) {
    Calls.unary("Search/Search", observer, () -> {
      Collection c = db.get(request.getCollection());
      return run(c, toEngine(request, ""));
    });
  }

  @Override
  public void searchBatch(SearchBatchRequest request, StreamObserver<SearchBatchResponse> observer) {
    Calls.unary("Search/SearchBatch", observer, () -> {
      Collection c = db.get(request.getCollection());
      limits.checkBatch("searches", request.getSearchesCount());
      // Validate every search before running any, so a bad one costs nothing.
      List<io.quiver.storage.collection.SearchRequest> searches = new ArrayList<>();
      for (int i = 0; i < request.getSearchesCount(); i++) {
        searches.add(toEngine(request.getSearches(i), "searches[" + i + "]."));
      }
      SearchBatchResponse.Builder b = SearchBatchResponse.newBuilder();
      for (var s : searches) {
        b.addResults(run(c, s));
      }
      return b.build();
    });
  }

  private io.quiver.storage.collection.SearchRequest toEngine(SearchRequest r, String prefix) {
    limits.checkSearchLimit(prefix + "limit", r.getLimit() < 0 ? Integer.MAX_VALUE : r.getLimit());
    var filter = FilterConverter.filter(r.hasFilter(), r.getFilter(), prefix + "filter", limits);
    Float threshold = null;
    if (r.hasScoreThreshold()) {
      if (!Float.isFinite(r.getScoreThreshold())) {
        throw StorageException.invalid(prefix + "score_threshold: must be finite, got " + r.getScoreThreshold());
      }
      threshold = r.getScoreThreshold();
    }
    if (!r.hasVector() || r.getVector().getValuesCount() == 0) {
      throw StorageException.invalid(prefix + "vector: query vector is empty");
    }
    SearchParams params = new SearchParams(clamp(r.getParams().getEf()), clamp(r.getParams().getNprobe()),
        r.getParams().getExact(), clamp(r.getParams().getRefine()));
    return new io.quiver.storage.collection.SearchRequest(ProtoConverter.vector(r.getVector()), r.getLimit(),
        threshold, r.getWith().getPayload(), r.getWith().getVector(), params, filter);
  }

  private static SearchResponse run(Collection c, io.quiver.storage.collection.SearchRequest request) {
    var result = c.searchWithPlan(request);
    SearchResponse.Builder b = SearchResponse.newBuilder().setPlan(result.plan())
        .setFilterMatches(result.filterMatches()).setFilterMatchesExact(result.filterMatchesExact());
    for (var hit : result.hits()) {
      ScoredPoint.Builder sp = ScoredPoint.newBuilder().setId(ProtoConverter.pointId(hit.id())).setScore(hit.score());
      if (hit.payload() != null) {
        sp.putAllPayload(ProtoConverter.payload(hit.payload()));
      }
      if (hit.vector() != null) {
        sp.setVector(ProtoConverter.vector(hit.vector()));
      }
      b.addHits(sp);
    }
    return b.build();
  }

  /** A uint32 knob as a non-negative int (values past 2^31 mean "as much as allowed"). */
  private static int clamp(int unsigned) {
    return unsigned < 0 ? Integer.MAX_VALUE : unsigned;
  }
}
