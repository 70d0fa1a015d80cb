package io.quiver.server.grpc;

import io.quiver.server.config.ServerConfig;
import io.quiver.storage.StorageException;

/**
 * The request size limits from the configuration, checked in the adapters before any work.
 * Each violation names the field, the value and the limit's config key. Immutable.
 */
public record RequestLimits(int maxDimension, int maxBatchSize, int maxSearchLimit, int maxPageSize,
    int maxCollections, int maxPayloadBytes, int maxStringBytes, long memoryBudgetBytes, int maxFilterDepth,
    int maxFilterConditions, int maxFilterValues) {
  /** Limits from {@code config}'s {@code limits} section. */
  public static RequestLimits from(ServerConfig config) {
    return new RequestLimits(config.getInt("limits.max_dimension"), config.getInt("limits.max_batch_size"),
        config.getInt("limits.max_search_limit"), config.getInt("limits.max_page_size"),
        config.getInt("limits.max_collections"), config.getInt("limits.max_payload_bytes"),
        config.getInt("limits.max_string_bytes"), (long) config.getInt("limits.memory_budget_mb") << 20,
        config.getInt("limits.max_filter_depth"), config.getInt("limits.max_filter_conditions"),
        config.getInt("limits.max_filter_values"));
  }

  /** Throws INVALID_ARGUMENT when a payload or one of its strings is over its limit. */
  void checkPayload(String field, java.util.Map<String, io.quiver.proto.v1.Value> payload) {
    long bytes = 0;
    for (var e : payload.entrySet()) {
      checkString(field + "." + e.getKey(), e.getKey(), "field name");
      checkStrings(field + "." + e.getKey(), e.getValue(), 0);
      bytes += e.getKey().length() + e.getValue().getSerializedSize();
    }
    if (bytes > maxPayloadBytes) {
      throw StorageException.invalid(field + ": " + bytes + " bytes exceed limits.max_payload_bytes="
          + maxPayloadBytes);
    }
  }

  private void checkStrings(String field, io.quiver.proto.v1.Value v, int depth) {
    if (depth > io.quiver.storage.format.PayloadCodec.MAX_DEPTH) {
      return; // the converter reports the nesting with its own message
    }
    switch (v.getKindCase()) {
      case STRING_VALUE -> checkString(field, v.getStringValue(), "string");
      case LIST_VALUE -> {
        for (int i = 0; i < v.getListValue().getValuesCount(); i++) {
          checkStrings(field + "[" + i + "]", v.getListValue().getValues(i), depth + 1);
        }
      }
      case STRUCT_VALUE -> v.getStructValue().getFieldsMap().forEach((k, item) -> {
        checkString(field + "." + k, k, "field name");
        checkStrings(field + "." + k, item, depth + 1);
      });
      default -> {
      }
    }
  }

  private void checkString(String field, String s, String what) {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit; count exactly only when close.
    if (s.length() * 3L > maxStringBytes) {
      int bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes > maxStringBytes) {
        throw StorageException.invalid(field + ": " + what + " of " + bytes + " bytes exceeds limits.max_string_bytes="
            + maxStringBytes);
      }
    }
  }

  /**
   * Throws RESOURCE_EXHAUSTED when writing {@code points} vectors of {@code dimension} would take
   * the collections' memory past the budget (an estimate: vectors plus per-point overhead).
   */
  void checkMemory(io.quiver.storage.collection.Database db, int points, int dimension) {
    if (memoryBudgetBytes <= 0) {
      return;
    }
    long used = 0;
    for (var c : db.list()) {
      used += c.info().indexRamBytes();
    }
    long adding = (long) points * (4L * dimension + 96);
    if (used + adding > memoryBudgetBytes) {
      throw new StorageException(StorageException.Reason.RESOURCE_EXHAUSTED,
          "memory budget limits.memory_budget_mb=" + (memoryBudgetBytes >> 20) + " reached: collections use about "
              + (used >> 20) + " MiB; delete points or collections, or raise the budget");
    }
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
    // A uint32 above 2^31 arrives as a negative int.
    if (requested < 0 || requested > maxPageSize) {
      throw StorageException.invalid("limit: page size " + Integer.toUnsignedString(requested) + " exceeds limits.max_page_size="
          + maxPageSize);
    }
    return requested;
  }
}
