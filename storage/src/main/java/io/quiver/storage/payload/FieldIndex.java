package io.quiver.storage.payload;

import io.quiver.storage.filter.Condition;
import io.quiver.storage.filter.FilterEvaluator;
import io.quiver.storage.filter.PayloadPaths;
import io.quiver.storage.filter.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * An in-memory index of one payload field (dotted path) over a collection's ordinals:
 * keyword / bool / text token → RoaringBitmap of ordinals, and for numeric types sorted maps
 * (int64 and double keys kept apart, so int64s are never rounded) → bitmaps for ranges. Every
 * type also keeps the ordinals whose field has a non-null value ({@code present}) and those
 * holding an explicit null, for exists / is_null. The keys each ordinal was posted under are
 * remembered so {@link #remove} needs no payload.
 *
 * <p>Answers agree with {@link FilterEvaluator} by construction: both read the field through
 * {@link PayloadPaths#values}. Not thread-safe: the collection's lock guards it.
 */
public final class FieldIndex {
  private final String field;
  private final FieldIndexType type;
  private final RoaringBitmap present = new RoaringBitmap();
  private final RoaringBitmap nulls = new RoaringBitmap();
  private final Map<Object, RoaringBitmap> postings = new HashMap<>();
  private final TreeMap<Long, RoaringBitmap> longs = new TreeMap<>();
  private final TreeMap<Double, RoaringBitmap> doubles = new TreeMap<>();
  private Object[][] keysOf = new Object[1024][];

  public FieldIndex(String field, FieldIndexType type) {
    this.field = field;
    this.type = type;
  }

  public String field() {
    return field;
  }

  public FieldIndexType type() {
    return type;
  }

  /** Distinct keys (keywords, numbers, tokens). */
  public long distinctValues() {
    return postings.size() + longs.size() + doubles.size();
  }

  /** Indexes {@code payload} under {@code ordinal} (which must not be indexed already). */
  public void add(int ordinal, Payload payload) {
    List<Object> keys = new ArrayList<>(2);
    boolean hasValue = false;
    for (PayloadValue v : PayloadPaths.values(payload, field)) {
      if (v == PayloadValue.Null.INSTANCE) {
        nulls.add(ordinal);
        continue;
      }
      hasValue = true;
      switch (type) {
        case KEYWORD -> {
          if (v instanceof PayloadValue.Text t) {
            post(postings, t.value(), ordinal, keys);
          }
        }
        case BOOL -> {
          if (v instanceof PayloadValue.Bool b) {
            post(postings, b.value(), ordinal, keys);
          }
        }
        case TEXT -> {
          if (v instanceof PayloadValue.Text t) {
            for (String token : Tokenizer.tokens(t.value())) {
              post(postings, token, ordinal, keys);
            }
          }
        }
        case INTEGER, FLOAT -> {
          if (v instanceof PayloadValue.Int i) {
            post(longs, i.value(), ordinal, keys);
          } else if (v instanceof PayloadValue.Real d && !Double.isNaN(d.value())) {
            // -0.0 and 0.0 are one key: the range tests treat them as equal.
            post(doubles, d.value() == 0.0 ? 0.0 : d.value(), ordinal, keys);
          }
        }
      }
    }
    if (hasValue) {
      present.add(ordinal);
    }
    if (ordinal >= keysOf.length) {
      keysOf = Arrays.copyOf(keysOf, Math.max(ordinal + 1, keysOf.length * 2));
    }
    keysOf[ordinal] = keys.isEmpty() ? null : keys.toArray();
  }

  @SuppressWarnings("unchecked")
  private static <K> void post(Map<K, RoaringBitmap> map, K key, int ordinal, List<Object> keys) {
    RoaringBitmap b = map.computeIfAbsent(key, k -> new RoaringBitmap());
    if (!b.contains(ordinal)) {
      b.add(ordinal);
      keys.add(key);
    }
  }

  /** Removes {@code ordinal} from the index. */
  public void remove(int ordinal) {
    present.remove(ordinal);
    nulls.remove(ordinal);
    if (ordinal >= keysOf.length || keysOf[ordinal] == null) {
      return;
    }
    for (Object key : keysOf[ordinal]) {
      Map<?, RoaringBitmap> map = switch (key) {
        case Long l when type.numeric() -> longs;
        case Double d -> doubles;
        default -> postings;
      };
      RoaringBitmap b = map.get(key);
      if (b != null) {
        b.remove(ordinal);
        if (b.isEmpty()) {
          map.remove(key);
        }
      }
    }
    keysOf[ordinal] = null;
  }

  /** The answer to a condition: ordinals in {@code set}, or (negated) ordinals not in it. */
  public record Answer(BitSet set, boolean negated) {}

  /** Whether this index can answer {@code c} exactly (it must be on this field). */
  public boolean supports(Condition.OnField c) {
    return switch (c) {
      case Condition.Exists e -> true;
      case Condition.IsNull n -> true;
      case Condition.Match m -> switch (m.value()) {
        case String s -> type == FieldIndexType.KEYWORD;
        case Long l -> type.numeric();
        case Boolean b -> type == FieldIndexType.BOOL;
        default -> false;
      };
      case Condition.MatchAny m -> m.values().stream().allMatch(v -> v instanceof String)
          ? type == FieldIndexType.KEYWORD
          : m.values().stream().allMatch(v -> v instanceof Long) && type.numeric();
      case Condition.Range r -> type.numeric();
      case Condition.Text t -> type == FieldIndexType.TEXT;
    };
  }

  /**
   * Answers {@code c}, which {@link #supports} must accept, as a fresh BitSet. Unions of many
   * bitmaps (ranges, match_any) are written straight into the BitSet, one pass over each
   * posting, rather than OR-ed bitmap by bitmap (which re-merges the growing result per key).
   */
  public Answer answer(Condition.OnField c) {
    return switch (c) {
      case Condition.Exists e -> new Answer(bits(present, null), !e.exists());
      case Condition.IsNull n -> new Answer(bits(nulls, null), !n.isNull());
      case Condition.Match m -> new Answer(bits(lookup(m.value()), null), false);
      case Condition.MatchAny m -> {
        BitSet out = new BitSet();
        for (Object v : m.values()) {
          bits(lookup(v), out);
        }
        yield new Answer(out, m.except());
      }
      case Condition.Range r -> new Answer(range(r), false);
      case Condition.Text t -> {
        RoaringBitmap out = null;
        for (String token : t.tokens()) {
          RoaringBitmap b = postings.get(token);
          if (b == null) {
            yield new Answer(new BitSet(), false);
          }
          out = out == null ? b : RoaringBitmap.and(out, b);
        }
        yield new Answer(bits(out, null), false);
      }
    };
  }

  private static BitSet bits(RoaringBitmap r, BitSet into) {
    BitSet out = into != null ? into : new BitSet(r == null || r.isEmpty() ? 0 : r.last() + 1);
    if (r != null) {
      r.forEach((org.roaringbitmap.IntConsumer) out::set);
    }
    return out;
  }

  private RoaringBitmap lookup(Object value) {
    return value instanceof Long l && type.numeric() ? longs.get(l) : postings.get(value);
  }

  private BitSet range(Condition.Range r) {
    var range = r.range();
    double lo = range.lowerApprox();
    double hi = range.upperApprox();
    BitSet out = new BitSet();
    if (lo > hi) {
      return out;
    }
    // Scan a safely widened key range and test each key exactly, so the answer is exactly
    // the evaluator's even for int64s beyond 2^53 and mixed int/double bounds.
    long loL = lo == Double.NEGATIVE_INFINITY || lo <= -0x1p63 ? Long.MIN_VALUE : (long) Math.floor(lo) - 1;
    long hiL = hi == Double.POSITIVE_INFINITY || hi >= 0x1p63 ? Long.MAX_VALUE : (long) Math.ceil(hi) + 1;
    if (loL <= hiL) {
      for (var e : longs.subMap(loL, true, hiL, true).entrySet()) {
        if (range.test((long) e.getKey())) {
          bits(e.getValue(), out);
        }
      }
    }
    for (var e : doubles.subMap(Math.nextDown(lo), true, Math.nextUp(hi), true).entrySet()) {
      if (range.test((double) e.getKey())) {
        bits(e.getValue(), out);
      }
    }
    return out;
  }

  /** Approximate heap bytes. */
  public long ramBytesUsed() {
    long b = 8L * keysOf.length + present.getSizeInBytes() + nulls.getSizeInBytes();
    for (RoaringBitmap r : postings.values()) b += r.getSizeInBytes() + 64;
    for (RoaringBitmap r : longs.values()) b += r.getSizeInBytes() + 64;
    for (RoaringBitmap r : doubles.values()) b += r.getSizeInBytes() + 64;
    return b;
  }
}
