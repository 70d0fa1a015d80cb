package io.quiver.client;

import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.ListValue;
import io.quiver.proto.v1.NullValue;
import io.quiver.proto.v1.SearchParams;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.Struct;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.Vector;
import io.quiver.proto.v1.WithParts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the SDK's Java types and the {@code quiver.v1} messages.
 *
 * <p>Payload encoding: {@code null} is {@code Value.null_value}; integral boxes become
 * {@code integer_value} and come back as {@code Long}; {@code Float}/{@code Double} become
 * {@code double_value} and come back as {@code Double}; lists and string-keyed maps nest.
 * A {@code Value} with no kind set is read as {@code null}. Stateless and thread-safe.
 */
final class ProtoConversions {

  /**
   * Nesting deeper than this is refused before protobuf does it less clearly: its parsers
   * stop at 100 message levels, and each payload level costs two or three of them. It mainly
   * catches a list or map that contains itself; the server's own limit (16 levels of lists
   * and maps) is enforced there, with INVALID_ARGUMENT naming the field.
   */
  static final int MAX_PAYLOAD_DEPTH = 32;

  private ProtoConversions() {}

  // ---- ids and vectors -------------------------------------------------------------------

  static io.quiver.proto.v1.PointId toProto(PointId id) {
    return switch (id) {
      case PointId.Num(long value) -> io.quiver.proto.v1.PointId.newBuilder().setNum(value).build();
      case PointId.Str(String value) -> io.quiver.proto.v1.PointId.newBuilder().setStr(value).build();
    };
  }

  static List<io.quiver.proto.v1.PointId> toProtoIds(Iterable<? extends PointId> ids) {
    List<io.quiver.proto.v1.PointId> out = new ArrayList<>();
    for (PointId id : ids) {
      out.add(toProto(java.util.Objects.requireNonNull(id, "point id")));
    }
    return out;
  }

  static PointId fromProto(io.quiver.proto.v1.PointId id) {
    return switch (id.getKindCase()) {
      case NUM -> PointId.ofNumber(id.getNum());
      case STR -> PointId.ofString(id.getStr());
      case KIND_NOT_SET -> throw new IllegalStateException("server sent a point id with no kind");
    };
  }

  static Vector toProtoVector(float[] vector) {
    Vector.Builder b = Vector.newBuilder();
    for (float v : vector) {
      b.addValues(v);
    }
    return b.build();
  }

  static float[] fromProtoVector(Vector vector) {
    float[] out = new float[vector.getValuesCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector.getValues(i);
    }
    return out;
  }

  static WithParts toProto(Include include) {
    return WithParts.newBuilder().setPayload(include.payload()).setVector(include.vector()).build();
  }

  // ---- points ----------------------------------------------------------------------------

  /**
   * @throws IllegalArgumentException if the point has no vector or an unsupported payload
   */
  static io.quiver.proto.v1.Point toProto(Point point) {
    if (!point.hasVector()) {
      throw new IllegalArgumentException("point " + point.id() + " has no vector; upsert needs one");
    }
    return io.quiver.proto.v1.Point.newBuilder()
        .setId(toProto(point.id()))
        .setVector(toProtoVector(point.vectorNoCopy()))
        .putAllPayload(toProtoPayload(point.payload()))
        .build();
  }

  static List<io.quiver.proto.v1.Point> toProtoPoints(Iterable<? extends Point> points) {
    List<io.quiver.proto.v1.Point> out = new ArrayList<>();
    for (Point p : points) {
      out.add(toProto(java.util.Objects.requireNonNull(p, "point")));
    }
    return out;
  }

  static Point fromProto(io.quiver.proto.v1.Point p) {
    return new Point(fromProto(p.getId()),
        p.hasVector() ? fromProtoVector(p.getVector()) : null,
        fromProtoPayload(p.getPayloadMap()));
  }

  static List<Point> fromProtoPoints(List<io.quiver.proto.v1.Point> points) {
    List<Point> out = new ArrayList<>(points.size());
    for (io.quiver.proto.v1.Point p : points) {
      out.add(fromProto(p));
    }
    return Collections.unmodifiableList(out);
  }

  // ---- payloads --------------------------------------------------------------------------

  /** @throws IllegalArgumentException naming the field path of an unsupported value */
  static Map<String, Value> toProtoPayload(Map<String, ?> payload) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : payload.entrySet()) {
      String key = e.getKey();
      if (key == null) {
        throw new IllegalArgumentException("payload field names must not be null");
      }
      out.put(key, toProtoValue(e.getValue(), key, 1));
    }
    return out;
  }

  static Value toProtoValue(Object value, String path, int depth) {
    if (depth > MAX_PAYLOAD_DEPTH) {
      throw new IllegalArgumentException("payload field '" + path + "' nests deeper than "
          + MAX_PAYLOAD_DEPTH + " levels (does a list or map contain itself?)");
    }
    Value.Builder b = Value.newBuilder();
    switch (value) {
      case null -> b.setNullValue(NullValue.NULL_VALUE);
      case String s -> b.setStringValue(s);
      case Long l -> b.setIntegerValue(l);
      case Integer i -> b.setIntegerValue(i);
      case Short s -> b.setIntegerValue(s);
      case Byte by -> b.setIntegerValue(by);
      case Double d -> b.setDoubleValue(d);
      case Float f -> b.setDoubleValue(f);
      case Boolean bool -> b.setBoolValue(bool);
      case List<?> list -> {
        ListValue.Builder lb = ListValue.newBuilder();
        int i = 0;
        for (Object item : list) {
          lb.addValues(toProtoValue(item, path + "[" + i++ + "]", depth + 1));
        }
        b.setListValue(lb);
      }
      case Map<?, ?> map -> {
        Struct.Builder sb = Struct.newBuilder();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            throw new IllegalArgumentException("payload field '" + path
                + "': map keys must be strings, got "
                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
          }
          sb.putFields(key, toProtoValue(e.getValue(), path + "." + key, depth + 1));
        }
        b.setStructValue(sb);
      }
      default -> throw new IllegalArgumentException("payload field '" + path
          + "' has unsupported type " + value.getClass().getName()
          + "; supported: String, Long, Integer, Short, Byte, Double, Float, Boolean,"
          + " List, Map<String, ?> and null");
    }
    return b.build();
  }

  /** An unmodifiable, possibly {@code null}-holding, Java view of a proto payload. */
  static Map<String, Object> fromProtoPayload(Map<String, Value> payload) {
    if (payload.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    payload.forEach((k, v) -> out.put(k, fromProtoValue(v)));
    return Collections.unmodifiableMap(out);
  }

  static Object fromProtoValue(Value value) {
    return switch (value.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> null;
      case STRING_VALUE -> value.getStringValue();
      case INTEGER_VALUE -> value.getIntegerValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BOOL_VALUE -> value.getBoolValue();
      case LIST_VALUE -> {
        List<Object> list = new ArrayList<>(value.getListValue().getValuesCount());
        for (Value v : value.getListValue().getValuesList()) {
          list.add(fromProtoValue(v));
        }
        yield Collections.unmodifiableList(list);
      }
      case STRUCT_VALUE -> fromProtoPayload(value.getStructValue().getFieldsMap());
    };
  }

  // ---- collections -----------------------------------------------------------------------

  static CreateCollectionRequest toProto(CollectionConfig config) {
    return CreateCollectionRequest.newBuilder()
        .setName(config.name())
        .setDimension(config.dimension())
        .setMetric(toProto(config.metric()))
        .setIndex(config.index())
        .build();
  }

  static io.quiver.proto.v1.Metric toProto(Metric metric) {
    return switch (metric) {
      case COSINE -> io.quiver.proto.v1.Metric.COSINE;
      case DOT -> io.quiver.proto.v1.Metric.DOT;
      case L2 -> io.quiver.proto.v1.Metric.L2;
      case UNKNOWN -> throw new IllegalArgumentException("metric UNKNOWN cannot be sent");
    };
  }

  static Metric fromProto(io.quiver.proto.v1.Metric metric) {
    return switch (metric) {
      case COSINE -> Metric.COSINE;
      case DOT -> Metric.DOT;
      case L2 -> Metric.L2;
      case METRIC_UNSPECIFIED, UNRECOGNIZED -> Metric.UNKNOWN;
    };
  }

  static CollectionStatus fromProto(io.quiver.proto.v1.CollectionStatus status) {
    return switch (status) {
      case READY -> CollectionStatus.READY;
      case INDEXING -> CollectionStatus.INDEXING;
      case COLLECTION_STATUS_UNSPECIFIED, UNRECOGNIZED -> CollectionStatus.UNKNOWN;
    };
  }

  static CollectionInfo fromProto(io.quiver.proto.v1.CollectionInfo info) {
    return new CollectionInfo(
        info.getName(),
        info.getDimension(),
        fromProto(info.getMetric()),
        info.getIndex(),
        info.getPointCount(),
        fromProto(info.getStatus()),
        info.getIndexMemoryBytes(),
        Instant.ofEpochMilli(info.getCreatedAtMs()),
        info.getTrainedPoints(),
        info.getRetrainRecommended());
  }

  static List<CollectionInfo> fromProtoInfos(List<io.quiver.proto.v1.CollectionInfo> infos) {
    return infos.stream().map(ProtoConversions::fromProto).toList();
  }

  // ---- search ----------------------------------------------------------------------------

  static SearchRequest toProto(String collection, SearchQuery query) {
    SearchRequest.Builder b = SearchRequest.newBuilder()
        .setCollection(collection)
        .setVector(toProtoVector(query.vectorNoCopy()))
        .setLimit(query.limit())
        .setWith(toProto(query.include()))
        .setParams(SearchParams.newBuilder()
            .setEf(query.ef())
            .setNprobe(query.nprobe())
            .setRefine(query.refine())
            .setExact(query.exact()));
    if (query.scoreThreshold() != null) {
      b.setScoreThreshold(query.scoreThreshold());
    }
    if (query.filter() != null) {
      b.setFilter(query.filter().toProto());
    }
    return b.build();
  }

  static ScoredPoint fromProto(io.quiver.proto.v1.ScoredPoint hit) {
    return new ScoredPoint(fromProto(hit.getId()), hit.getScore(),
        fromProtoPayload(hit.getPayloadMap()),
        hit.hasVector() ? fromProtoVector(hit.getVector()) : null);
  }

  static List<ScoredPoint> fromProtoHits(List<io.quiver.proto.v1.ScoredPoint> hits) {
    return hits.stream().map(ProtoConversions::fromProto).toList();
  }
}
