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
   * Plan choice (DESIGN.md principle 7), from the exact number of matches m among n live
   * points, for an HNSW collection with {@code m} links per node (m0 = 2m at level 0):
   * <ul>
   *   <li>m &le; max({@value #MIN_EXACT}, ef * m0): exact scan over the matches (gathered,
   *       SIMD). A graph search scores on the order of ef * m0 / 2 vectors (every neighbour of
   *       each of ~ef expanded nodes, half already visited), at random addresses, so an
   *       exact scan of fewer matches costs no more and is exact. Measured at 384 dimensions:
   *       ~60 us for 350 matches against ~300-500 us for one graph search at ef=128.
   *   <li>selectivity m/n below {@code ACORN_REACH / m0^2} (about 2% for m=16): exact too.
   *       The filtered graph traversal reaches accepted nodes through two hops, ~m0^2 nodes
   *       per expansion; with fewer than ~20 accepted among them the accepted subgraph falls
   *       apart, the search finds too few hits and has to be redone exactly anyway
   *       (measured: 136 of 333 queries at 1% on debian-packages-minilm).
   *   <li>otherwise the graph with the matches as accept-set ("filtered_hnsw"), whose cost
   *       no longer grows with 1/selectivity thanks to the two-hop traversal.
   * </ul>
   * A graph search that still returns fewer than min(k, m) hits is redone exactly.
   */
  public static final int MIN_EXACT = 2048;
  public static final double ACORN_REACH = 20;

  /**
   * Tests and benchmarks only: "exact" or "index" forces that plan for every filtered search
   * (so each plan can be checked at every selectivity); null (the default) lets the planner
   * choose.
   */
  public static volatile String forcedPlan;

  /**
   * Whether {@code matches} of {@code live} points are best scanned exactly, for a graph with
   * {@code m} links per node searched with beam {@code ef}.
   */
  public static boolean preferExact(long matches, long live, int k, int m, int ef) {
    String forced = forcedPlan;
    if (forced != null) {
      return forced.equals("exact");
    }
    double m0 = 2.0 * Math.max(2, m);
    if (matches <= Math.max(Math.max(MIN_EXACT, k), (long) Math.max(ef, k) * (long) m0)) {
      return true;
    }
    return matches < live * Math.min(1.0, ACORN_REACH / (m0 * m0));
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
