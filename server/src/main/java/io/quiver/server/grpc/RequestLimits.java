package io.quiver.server.grpc;

import io.quiver.server.config.ServerConfig;
import io.quiver.storage.StorageException;

/**
 * The request size limits from the configuration, checked in the adapters before any work.
 * Each violation names the field, the value and the limit's config key. Immutable.
 */
public record RequestLimits(int maxDimension, int maxBatchSize, int maxSearchLimit, int maxPageSize) {
  /** Limits from {@code config}'s {@code limits} section. */
  public static RequestLimits from(ServerConfig config) {
    return new RequestLimits(config.getInt("limits.max_dimension"), config.getInt("limits.max_batch_size"),
        config.getInt("limits.max_search_limit"), config.getInt("limits.max_page_size"));
  }

  void checkBatch(String field, int size) {
    if (size == 0) {
      throw StorageException.invalid(field + ": at least one entry is required");
    }
    if (size > maxBatchSize) {
      throw StorageException.invalid(field + ": " + size + " entries exceed limits.max_batch_size="
          + maxBatchSize);
    }
  }

  void checkSearchLimit(String field, int limit) {
    if (limit < 1) {
      throw StorageException.invalid(field + ": must be at least 1, got " + limit);
    }
    if (limit > maxSearchLimit) {
      throw StorageException.invalid(field + ": " + limit + " exceeds limits.max_search_limit="
          + maxSearchLimit);
    }
  }

  int pageSize(int requested) {
    if (requested == 0) {
      return Math.min(100, maxPageSize);
    }
    if (requested > maxPageSize) {
      throw StorageException.invalid("limit: page size " + requested + " exceeds limits.max_page_size="
          + maxPageSize);
    }
    return requested;
  }
}
