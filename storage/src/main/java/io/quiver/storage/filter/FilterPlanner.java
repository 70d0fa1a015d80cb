package io.quiver.storage.filter;

import io.quiver.storage.collection.PointId;
import io.quiver.storage.payload.FieldIndex;
import io.quiver.storage.payload.PayloadIndexes;
import java.util.BitSet;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Turns a filter into the set of live ordinals it matches, from the payload indexes. Where
 * every condition has a suitable index the set is exact; otherwise it is a superset (the
 * conditions an index answers, intersected from the {@code must} clauses) whose payloads the
 * caller must check with {@link FilterEvaluator}.
 *
 * <p>Also holds the search plan choice (DESIGN.md principle 7). Stateless apart from its
 * references; use under the collection's read lock.
 */
public final class FilterPlanner {
  /**
   * Exact scan over the matches is chosen when they are at most
   * {@code max(MIN_EXACT, sqrt(EXACT_COST_FACTOR * ef * n))}: an exact scan costs about one
   * distance per match (m), a filtered graph search about {@code c * ef / s = c * ef * n / m}
   * (it must pass ~ef/s nodes to find ef accepted ones, each scoring ~c neighbours, c ~ 8 in
   * practice); the two cross at m = sqrt(c * ef * n). Below MIN_EXACT the scan is always
   * cheaper than the graph's fixed overhead.
   */
  public static final int MIN_EXACT = 2048;
  public static final double EXACT_COST_FACTOR = 8;

  /**
   * Tests and benchmarks only: "exact" or "index" forces that plan for every filtered search
   * (so each plan can be checked at every selectivity); null (the default) lets the planner
   * choose.
   */
  public static volatile String forcedPlan;

  /** Whether {@code matches} filtered points of {@code live} are best scanned exactly. */
  public static boolean preferExact(long matches, long live, int k, int ef) {
    String forced = forcedPlan;
    if (forced != null) {
      return forced.equals("exact");
    }
    double crossover = Math.sqrt(EXACT_COST_FACTOR * Math.max(ef, k) * (double) live);
    return matches <= Math.max(MIN_EXACT, crossover);
  }

  /** The matching ordinals (a superset when not {@code exact}). */
  public record Candidates(BitSet ordinals, boolean exact) {}

  private final PayloadIndexes indexes;
  private final BitSet live;
  private final ToIntFunction<PointId> ordinalOf;

  public FilterPlanner(PayloadIndexes indexes, BitSet live, ToIntFunction<PointId> ordinalOf) {
    this.indexes = indexes;
    this.live = live;
    this.ordinalOf = ordinalOf;
  }

  /** Whether the indexes answer every condition of {@code f}. */
  public boolean fullyIndexed(Filter f) {
    return allIndexed(f.must()) && allIndexed(f.should()) && allIndexed(f.mustNot());
  }

  private boolean allIndexed(List<Condition> cs) {
    for (Condition c : cs) {
      boolean ok = switch (c) {
        case Condition.HasId h -> true;
        case Condition.Nested n -> fullyIndexed(n.filter());
        case Condition.OnField f -> indexes.answering(f) != null;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public Candidates candidates(Filter f) {
    if (fullyIndexed(f)) {
      return new Candidates(evaluate(f), true);
    }
    // Narrow by the must clauses that are answerable on their own; the rest is checked on
    // payloads by the caller.
    BitSet out = (BitSet) live.clone();
    for (Condition c : f.must()) {
      if (c instanceof Condition.HasId || (c instanceof Condition.Nested n && fullyIndexed(n.filter()))
          || (c instanceof Condition.OnField of && indexes.answering(of) != null)) {
        and(out, c);
      }
    }
    return new Candidates(out, false);
  }

  /** Exact evaluation; requires {@link #fullyIndexed}. Result is within live. */
  private BitSet evaluate(Filter f) {
    BitSet out = (BitSet) live.clone();
    for (Condition c : f.must()) {
      and(out, c);
    }
    for (Condition c : f.mustNot()) {
      out.andNot(bits(c));
    }
    int need = f.requiredShould();
    if (need == 1) {
      BitSet any = new BitSet();
      for (Condition c : f.should()) {
        any.or(bits(c));
      }
      out.and(any);
    } else if (need > 1) {
      int[] counts = new int[live.length()];
      for (Condition c : f.should()) {
        BitSet b = bits(c);
        for (int o = b.nextSetBit(0); o >= 0 && o < counts.length; o = b.nextSetBit(o + 1)) {
          counts[o]++;
        }
      }
      for (int o = out.nextSetBit(0); o >= 0; o = out.nextSetBit(o + 1)) {
        if (counts[o] < need) {
          out.clear(o);
        }
      }
    }
    return out;
  }

  private void and(BitSet out, Condition c) {
    out.and(bits(c));
  }

  /** The live ordinals matching one condition (answerable by the indexes). */
  private BitSet bits(Condition c) {
    return switch (c) {
      case Condition.Nested n -> evaluate(n.filter());
      case Condition.HasId h -> {
        BitSet b = new BitSet();
        for (PointId id : h.ids()) {
          int o = ordinalOf.applyAsInt(id);
          if (o >= 0) {
            b.set(o);
          }
        }
        yield b;
      }
      case Condition.OnField f -> {
        FieldIndex.Answer a = indexes.answering(f).answer(f);
        BitSet b = a.set();
        if (a.negated()) {
          BitSet neg = (BitSet) live.clone();
          neg.andNot(b);
          yield neg;
        }
        yield b;
      }
    };
  }
}
