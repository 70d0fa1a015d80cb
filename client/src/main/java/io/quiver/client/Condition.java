package io.quiver.client;

import io.quiver.proto.v1.FieldCondition;
import io.quiver.proto.v1.HasIdCondition;
import io.quiver.proto.v1.Match;
import io.quiver.proto.v1.MatchAny;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * One clause of a {@link Filter}. Field conditions take a dotted path into nested payload
 * maps ({@code "meta.lang"}); a field holding a list matches if any element does. See
 * {@code quiver/v1/common.proto} for the exact semantics. Immutable and thread-safe.
 */
public sealed class Condition permits Condition.Range {
  private final io.quiver.proto.v1.Condition proto;

  private Condition(io.quiver.proto.v1.Condition proto) {
    this.proto = proto;
  }

  io.quiver.proto.v1.Condition toProto() {
    return proto;
  }

  private static Condition field(String key, FieldCondition.Builder c) {
    return new Condition(io.quiver.proto.v1.Condition.newBuilder()
        .setField(c.setKey(Objects.requireNonNull(key, "key"))).build());
  }

  /** The field equals the keyword {@code value}. */
  public static Condition match(String key, String value) {
    return field(key, FieldCondition.newBuilder().setMatch(Match.newBuilder().setKeyword(value)));
  }

  /** The field equals the integer {@code value} (never a double or a string). */
  public static Condition match(String key, long value) {
    return field(key, FieldCondition.newBuilder().setMatch(Match.newBuilder().setInteger(value)));
  }

  /** The field equals the bool {@code value}. */
  public static Condition match(String key, boolean value) {
    return field(key, FieldCondition.newBuilder().setMatch(Match.newBuilder().setBoolean(value)));
  }

  /** The field is one of these keywords. */
  public static Condition matchAny(String key, String... values) {
    return field(key, FieldCondition.newBuilder().setMatchAny(MatchAny.newBuilder().addAllKeywords(Arrays.asList(values))));
  }

  /** The field is one of these integers. */
  public static Condition matchAny(String key, long... values) {
    MatchAny.Builder m = MatchAny.newBuilder();
    for (long v : values) {
      m.addIntegers(v);
    }
    return field(key, FieldCondition.newBuilder().setMatchAny(m));
  }

  /** No value of the field is one of these keywords (a point without the field matches). */
  public static Condition matchExcept(String key, String... values) {
    return field(key, FieldCondition.newBuilder().setMatchExcept(MatchAny.newBuilder().addAllKeywords(Arrays.asList(values))));
  }

  /** No value of the field is one of these integers (a point without the field matches). */
  public static Condition matchExcept(String key, long... values) {
    MatchAny.Builder m = MatchAny.newBuilder();
    for (long v : values) {
      m.addIntegers(v);
    }
    return field(key, FieldCondition.newBuilder().setMatchExcept(m));
  }

  /** A numeric range on the field; add bounds with {@link Range#gte} etc. (at least one). */
  public static Range range(String key) {
    return new Range(key, io.quiver.proto.v1.Range.getDefaultInstance());
  }

  /** The field has a non-null value. */
  public static Condition exists(String key) {
    return field(key, FieldCondition.newBuilder().setExists(true));
  }

  /** The field has no non-null value. */
  public static Condition missing(String key) {
    return field(key, FieldCondition.newBuilder().setExists(false));
  }

  /** The field holds an explicit null. */
  public static Condition isNull(String key) {
    return field(key, FieldCondition.newBuilder().setIsNull(true));
  }

  /** Every word of {@code text} occurs in the field's text (case-insensitive). */
  public static Condition text(String key, String text) {
    return field(key, FieldCondition.newBuilder().setText(text));
  }

  /** The point's id is one of {@code ids}. */
  public static Condition hasId(Collection<? extends PointId> ids) {
    return new Condition(io.quiver.proto.v1.Condition.newBuilder()
        .setHasId(HasIdCondition.newBuilder().addAllIds(ProtoConversions.toProtoIds(ids))).build());
  }

  /** A nested filter (for an OR of ANDs, etc.). */
  public static Condition filter(Filter filter) {
    return new Condition(io.quiver.proto.v1.Condition.newBuilder().setFilter(filter.toProto()).build());
  }

  /**
   * A range condition: {@code range("year").gte(2020).lt(2025)}. Each bound returns a new
   * condition. Int64 bounds ({@code long}, e.g. timestamps) and double bounds both compare
   * exactly with integer and double payload values. Immutable.
   */
  public static final class Range extends Condition {
    private final String key;
    private final io.quiver.proto.v1.Range range;

    private Range(String key, io.quiver.proto.v1.Range range) {
      super(io.quiver.proto.v1.Condition.newBuilder().setField(FieldCondition.newBuilder()
          .setKey(Objects.requireNonNull(key, "key")).setRange(range)).build());
      this.key = key;
      this.range = range;
    }

    private Range with(java.util.function.Consumer<io.quiver.proto.v1.Range.Builder> f) {
      io.quiver.proto.v1.Range.Builder b = range.toBuilder();
      f.accept(b);
      return new Range(key, b.build());
    }

    public Range gt(double v) {
      return with(b -> b.setGt(v));
    }

    public Range gte(double v) {
      return with(b -> b.setGte(v));
    }

    public Range lt(double v) {
      return with(b -> b.setLt(v));
    }

    public Range lte(double v) {
      return with(b -> b.setLte(v));
    }

    public Range gt(long v) {
      return with(b -> b.setGtInt(v));
    }

    public Range gte(long v) {
      return with(b -> b.setGteInt(v));
    }

    public Range lt(long v) {
      return with(b -> b.setLtInt(v));
    }

    public Range lte(long v) {
      return with(b -> b.setLteInt(v));
    }
  }
}
