package io.quiver.storage.filter;

import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves a dotted path ("meta.lang") in a payload to its values. Lists are looked through
 * on the way and at the end: every element of a list is followed, and the result holds the
 * leaf values, never a list (an empty list contributes nothing). Stateless.
 */
public final class PayloadPaths {
  private PayloadPaths() {}

  public static List<PayloadValue> values(Payload payload, String path) {
    List<PayloadValue> out = new ArrayList<>(1);
    String[] parts = path.split("\\.", -1);
    collect(payload.fields().get(parts[0]), parts, 1, out);
    return out;
  }

  private static void collect(PayloadValue v, String[] parts, int next, List<PayloadValue> out) {
    if (v == null) {
      return;
    }
    if (v instanceof PayloadValue.ListOf list) {
      for (PayloadValue e : list.values()) {
        collect(e, parts, next, out);
      }
      return;
    }
    if (next == parts.length) {
      out.add(v);
      return;
    }
    if (v instanceof PayloadValue.MapOf map) {
      Map<String, PayloadValue> f = map.fields();
      collect(f.get(parts[next]), parts, next + 1, out);
    }
  }
}
