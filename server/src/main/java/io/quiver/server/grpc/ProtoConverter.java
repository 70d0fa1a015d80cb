package io.quiver.server.grpc;

import io.quiver.proto.v1.CollectionInfo;
import io.quiver.proto.v1.CollectionStatus;
import io.quiver.proto.v1.ListValue;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.NullValue;
import io.quiver.proto.v1.Struct;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.Vector;
import io.quiver.storage.StorageException;
import io.quiver.storage.collection.Point;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.format.PayloadCodec;
import io.quiver.storage.format.PointKeyCodec;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import io.quiver.storage.vector.VectorSimilarity;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the {@code quiver.v1} messages and the engine's types. Malformed input
 * raises INVALID_ARGUMENT naming the field. Thread-safe (stateless).
 */
final class ProtoConverter {
  private ProtoConverter() {}

  static PointId pointId(io.quiver.proto.v1.PointId id, String field) {
    return switch (id.getKindCase()) {
      case NUM -> PointId.of(id.getNum());
      case STR -> {
        try {
          yield PointId.of(id.getStr());
        } catch (StorageException e) {
          throw StorageException.invalid(field + ": " + e.getMessage());
        }
      }
      case KIND_NOT_SET -> throw StorageException.invalid(field + ": id is missing (set num or str)");
    };
  }

  static io.quiver.proto.v1.PointId pointId(PointId id) {
    return switch (id) {
      case PointId.Num n -> io.quiver.proto.v1.PointId.newBuilder().setNum(n.value()).build();
      case PointId.Str s -> io.quiver.proto.v1.PointId.newBuilder().setStr(s.value()).build();
    };
  }

  static List<PointId> pointIds(List<io.quiver.proto.v1.PointId> ids, String field) {
    List<PointId> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      out.add(pointId(ids.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  static float[] vector(Vector v) {
    float[] out = new float[v.getValuesCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.getValues(i);
    }
    return out;
  }

  static Vector vector(float[] v) {
    Vector.Builder b = Vector.newBuilder();
    for (float x : v) {
      b.addValues(x);
    }
    return b.build();
  }

  static Point point(io.quiver.proto.v1.Point p, String field) {
    if (!p.hasId()) {
      throw StorageException.invalid(field + ".id: id is missing");
    }
    return new Point(pointId(p.getId(), field + ".id"), vector(p.getVector()),
        payload(p.getPayloadMap(), field + ".payload"));
  }

  static io.quiver.proto.v1.Point point(Point p) {
    io.quiver.proto.v1.Point.Builder b = io.quiver.proto.v1.Point.newBuilder().setId(pointId(p.id()));
    if (p.vector() != null) {
      b.setVector(vector(p.vector()));
    }
    if (p.payload() != null) {
      b.putAllPayload(payload(p.payload()));
    }
    return b.build();
  }

  static Payload payload(Map<String, Value> fields, String field) {
    if (fields.isEmpty()) {
      return Payload.EMPTY;
    }
    return new Payload(fieldsOf(fields, field, 0));
  }

  private static Map<String, PayloadValue> fieldsOf(Map<String, Value> fields, String field, int depth) {
    Map<String, PayloadValue> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> out.put(k, value(v, field + "." + k, depth)));
    return out;
  }

  private static PayloadValue value(Value v, String field, int depth) {
    return switch (v.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> PayloadValue.Null.INSTANCE;
      case STRING_VALUE -> new PayloadValue.Text(v.getStringValue());
      case INTEGER_VALUE -> new PayloadValue.Int(v.getIntegerValue());
      case DOUBLE_VALUE -> new PayloadValue.Real(v.getDoubleValue());
      case BOOL_VALUE -> new PayloadValue.Bool(v.getBoolValue());
      case LIST_VALUE -> {
        checkDepth(field, depth + 1);
        List<PayloadValue> items = new ArrayList<>(v.getListValue().getValuesCount());
        for (int i = 0; i < v.getListValue().getValuesCount(); i++) {
          items.add(value(v.getListValue().getValues(i), field + "[" + i + "]", depth + 1));
        }
        yield new PayloadValue.ListOf(items);
      }
      case STRUCT_VALUE -> {
        checkDepth(field, depth + 1);
        yield new PayloadValue.MapOf(fieldsOf(v.getStructValue().getFieldsMap(), field, depth + 1));
      }
    };
  }

  private static void checkDepth(String field, int depth) {
    if (depth > PayloadCodec.MAX_DEPTH) {
      throw StorageException.invalid(field + ": payload nests deeper than " + PayloadCodec.MAX_DEPTH + " levels");
    }
  }

  static Map<String, Value> payload(Payload payload) {
    Map<String, Value> out = new LinkedHashMap<>();
    payload.fields().forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  private static Value value(PayloadValue v) {
    Value.Builder b = Value.newBuilder();
    switch (v) {
      case PayloadValue.Null n -> b.setNullValue(NullValue.NULL_VALUE);
      case PayloadValue.Text t -> b.setStringValue(t.value());
      case PayloadValue.Int i -> b.setIntegerValue(i.value());
      case PayloadValue.Real d -> b.setDoubleValue(d.value());
      case PayloadValue.Bool bool -> b.setBoolValue(bool.value());
      case PayloadValue.ListOf l -> {
        ListValue.Builder lb = ListValue.newBuilder();
        l.values().forEach(item -> lb.addValues(value(item)));
        b.setListValue(lb);
      }
      case PayloadValue.MapOf m -> {
        Struct.Builder sb = Struct.newBuilder();
        m.fields().forEach((k, item) -> sb.putFields(k, value(item)));
        b.setStructValue(sb);
      }
    }
    return b.build();
  }

  static VectorSimilarity metric(Metric m) {
    return switch (m) {
      case COSINE -> VectorSimilarity.COSINE;
      case DOT -> VectorSimilarity.DOT;
      case L2 -> VectorSimilarity.L2;
      case METRIC_UNSPECIFIED, UNRECOGNIZED ->
          throw StorageException.invalid("metric: required, one of COSINE, DOT, L2");
    };
  }

  static Metric metric(VectorSimilarity m) {
    return switch (m) {
      case COSINE -> Metric.COSINE;
      case DOT -> Metric.DOT;
      case L2 -> Metric.L2;
    };
  }

  /** The storage durability of a request field; null when unspecified. */
  static io.quiver.storage.collection.Durability durability(io.quiver.proto.v1.Durability d) {
    return switch (d) {
      case SYNC -> io.quiver.storage.collection.Durability.SYNC;
      case ASYNC -> io.quiver.storage.collection.Durability.ASYNC;
      case DURABILITY_UNSPECIFIED -> null;
      case UNRECOGNIZED -> throw StorageException.invalid("durability: unknown value; use SYNC or ASYNC");
    };
  }

  static CollectionInfo collectionInfo(io.quiver.storage.collection.CollectionInfo info) {
    return CollectionInfo.newBuilder()
        .setName(info.config().name())
        .setDimension(info.config().dimension())
        .setMetric(metric(info.config().metric()))
        .setIndex(info.config().index().toString())
        .setPointCount(info.pointCount())
        .setStatus(info.ready() ? CollectionStatus.READY : CollectionStatus.INDEXING)
        .setIndexMemoryBytes(info.indexRamBytes())
        .setCreatedAtMs(info.config().createdAtMs())
        .setDurability(info.config().durability() == io.quiver.storage.collection.Durability.SYNC
            ? io.quiver.proto.v1.Durability.SYNC : io.quiver.proto.v1.Durability.ASYNC)
        .setTrainedPoints(info.trainedPoints())
        .setRetrainRecommended(info.retrainRecommended())
        .build();
  }

  static String pageToken(PointId next) {
    return next == null ? "" : Base64.getUrlEncoder().withoutPadding().encodeToString(PointKeyCodec.idBytes(next));
  }

  static PointId pageToken(String token) {
    if (token.isEmpty()) {
      return null;
    }
    try {
      return PointKeyCodec.idFromBytes(Base64.getUrlDecoder().decode(token));
    } catch (RuntimeException e) {
      throw StorageException.invalid("page_token: malformed; pass next_page_token from a previous reply");
    }
  }
}
