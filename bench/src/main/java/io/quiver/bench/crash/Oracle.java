package io.quiver.bench.crash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store must hold after a crash, per point id: the state of the last acknowledged
 * write, plus the states of writes that were sent but not acknowledged (the crash may or may
 * not have made them durable). A state is a vector and a version tag, or "absent".
 *
 * <p>Thread-safe: writers own disjoint ids, but record through synchronized methods.
 */
final class Oracle {
  /** A point's state: absent (vector null) or present with this vector and version. */
  record State(float[] vector, long version) {
    static final State ABSENT = new State(null, -1);

    boolean present() {
      return vector != null;
    }

    boolean sameAs(float[] v, long ver) {
      return present() && ver == version && Arrays.equals(vector, v);
    }
  }

  private final Map<Long, State> acked = new HashMap<>();
  private final Map<Long, List<State>> possible = new HashMap<>();
  private long verifiedOps;

  synchronized State acked(long id) {
    return acked.getOrDefault(id, State.ABSENT);
  }

  /** A write of {@code next} to {@code ids} was sent; until acknowledged it is only possible. */
  synchronized void sent(long id, State next) {
    possible.computeIfAbsent(id, k -> new ArrayList<>()).add(next);
  }

  synchronized void acknowledged(long id, State next) {
    acked.put(id, next);
    List<State> p = possible.get(id);
    if (p != null) {
      p.remove(next);
      if (p.isEmpty()) {
        possible.remove(id);
      }
    }
    verifiedOps++;
  }

  /** Ids with an acknowledged or possible state. */
  synchronized List<Long> ids() {
    java.util.Set<Long> all = new java.util.TreeSet<>(acked.keySet());
    all.addAll(possible.keySet());
    return new ArrayList<>(all);
  }

  /**
   * Checks an observed state; returns null when allowed, else what is wrong. An allowed
   * observation becomes the new acknowledged state (the crash resolved the uncertainty).
   */
  synchronized String check(long id, float[] vector, long version) {
    State a = acked.getOrDefault(id, State.ABSENT);
    List<State> p = possible.getOrDefault(id, List.of());
    State observed = vector == null ? State.ABSENT : null;
    if (observed == State.ABSENT ? !a.present() : a.sameAs(vector, version)) {
      possible.remove(id);
      return null;
    }
    for (State s : p) {
      if (vector == null ? !s.present() : s.sameAs(vector, version)) {
        acked.put(id, s);
        possible.remove(id);
        return null;
      }
    }
    return "point " + id + ": found " + (vector == null ? "nothing" : "version " + version)
        + " but the last acknowledged write left " + (a.present() ? "version " + a.version() : "nothing")
        + (p.isEmpty() ? "" : " (unacknowledged writes in flight: " + p.size() + ")");
  }

  synchronized long verifiedOps() {
    return verifiedOps;
  }

  synchronized long presentCount() {
    return acked.values().stream().filter(State::present).count();
  }
}
