package io.quiver.storage.filter;

import io.quiver.storage.collection.PointId;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a {@link Filter} against one point's id and payload: the definition of what a
 * filter means; the payload indexes must agree with it. Stateless and thread-safe.
 */
public final class FilterEvaluator {
  private FilterEvaluator() {}

  public static boolean matches(Filter f, PointId id, Payload payload) {
    for (Condition c : f.must()) {
      if (!matches(c, id, payload)) {
        return false;
      }
    }
    for (Condition c : f.mustNot()) {
      if (matches(c, id, payload)) {
        return false;
      }
    }
    int need = f.requiredShould();
    if (need > 0) {
      int hit = 0;
      for (Condition c : f.should()) {
        if (matches(c, id, payload) && ++hit >= need) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  public static boolean matches(Condition c, PointId id, Payload payload) {
    return switch (c) {
      case Condition.Nested n -> matches(n.filter(), id, payload);
      case Condition.HasId h -> h.ids().contains(id);
      case Condition.OnField f -> matchesField(f, PayloadPaths.values(payload, f.key()));
    };
  }

  /** Whether a field condition holds for the field's (flattened) values. */
  public static boolean matchesField(Condition.OnField c, List<PayloadValue> values) {
    switch (c) {
      case Condition.Match m -> {
        for (PayloadValue v : values) {
          if (m.value().equals(scalar(v))) {
            return true;
          }
        }
        return false;
      }
      case Condition.MatchAny m -> {
        boolean any = false;
        for (PayloadValue v : values) {
          Object s = scalar(v);
          if (s != null && !(s instanceof Boolean) && m.values().contains(s)) {
            any = true;
            break;
          }
        }
        return any != m.except();
      }
      case Condition.Range r -> {
        for (PayloadValue v : values) {
          if (v instanceof PayloadValue.Int i && r.range().test(i.value())) {
            return true;
          }
          if (v instanceof PayloadValue.Real d && r.range().test(d.value())) {
            return true;
          }
        }
        return false;
      }
      case Condition.Exists e -> {
        boolean present = false;
        for (PayloadValue v : values) {
          if (v != PayloadValue.Null.INSTANCE) {
            present = true;
            break;
          }
        }
        return present == e.exists();
      }
      case Condition.IsNull n -> {
        return values.contains(PayloadValue.Null.INSTANCE) == n.isNull();
      }
      case Condition.Text t -> {
        Set<String> have = new HashSet<>();
        for (PayloadValue v : values) {
          if (v instanceof PayloadValue.Text s) {
            have.addAll(Tokenizer.tokens(s.value()));
          }
        }
        return have.containsAll(t.tokens());
      }
    }
  }

  /** The value as String / Long / Boolean for equality matching, or null for other kinds. */
  static Object scalar(PayloadValue v) {
    return switch (v) {
      case PayloadValue.Text t -> t.value();
      case PayloadValue.Int i -> i.value();
      case PayloadValue.Bool b -> b.value();
      default -> null;
    };
  }
}
