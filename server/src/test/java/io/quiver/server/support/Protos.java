package io.quiver.server.support;

import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.Vector;

/** Short builders for test messages. */
public final class Protos {
  private Protos() {}

  public static PointId id(long n) {
    return PointId.newBuilder().setNum(n).build();
  }

  public static PointId id(String s) {
    return PointId.newBuilder().setStr(s).build();
  }

  public static Vector vector(float... values) {
    Vector.Builder b = Vector.newBuilder();
    for (float v : values) {
      b.addValues(v);
    }
    return b.build();
  }

  public static Point point(long id, float[] v) {
    return Point.newBuilder().setId(id(id)).setVector(vector(v))
        .putPayload("n", Value.newBuilder().setIntegerValue(id).build())
        .putPayload("name", Value.newBuilder().setStringValue("p" + id).build())
        .build();
  }
}
