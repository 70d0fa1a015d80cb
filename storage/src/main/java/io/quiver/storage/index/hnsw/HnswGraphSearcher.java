package io.quiver.storage.index.hnsw;

import java.util.BitSet;

/**
 * Best-first search over an {@link HnswGraph}: a greedy descent through the upper levels, then
 * a beam of width {@code ef} at the target level (Malkov and Yashunin, algorithms 2 and 5).
 *
 * <p>With an accept-set, every node is traversed but only accepted ones enter the results,
 * and the search does not stop while it has fewer than {@code ef} accepted results (the
 * hnswlib rule), so a small accept-set widens the search instead of losing results.
 *
 * <p>Thread-safe: all mutable state is in the caller's {@link SearchScratch}.
 */
final class HnswGraphSearcher {
  private final HnswGraph graph;

  HnswGraphSearcher(HnswGraph graph) {
    this.graph = graph;
  }

  /**
   * k-NN search for the query bound to {@code scorer}: leaves up to {@code ef} accepted nodes in
   * {@code scratch.results} (farthest on top). Returns false when the graph is empty.
   */
  boolean search(NodeScorer scorer, int ef, BitSet accept, SearchScratch scratch) {
    return searchFromTop(scorer, ef, accept, false, scratch);
  }

  /**
   * Filtered k-NN search (ACORN-1 style, Patel et al. 2024): like {@link #search}, but the
   * level-0 beam only scores and keeps nodes in {@code accept}, and reaches past rejected
   * neighbours to their neighbours (two hops) so the accepted subgraph stays connected when
   * few nodes pass. Rejected nodes are never scored, which is where an unfiltered-style
   * traversal spends its time at low selectivity.
   */
  boolean searchFiltered(NodeScorer scorer, int ef, BitSet accept, SearchScratch scratch) {
    return searchFromTop(scorer, ef, accept, true, scratch);
  }

  /** Greedy descent from the entry point to level 0, then the level-0 beam of either kind. */
  private boolean searchFromTop(NodeScorer scorer, int ef, BitSet accept, boolean twoHop, SearchScratch scratch) {
    long entry = graph.entry();
    scratch.results.clear();
    if (entry == -1) {
      return false;
    }
    int ep = HnswGraph.entryNode(entry);
    float epDist = scorer.distance(ep);
    long best = descend(scorer, ep, epDist, HnswGraph.entryLevel(entry), 0);
    ep = NodeQueue.decodeNode(best);
    epDist = NodeQueue.decodeDistance(best);
    scratch.visited.reset(graph.capacity());
    scratch.visited.visit(ep);
    if (twoHop) {
      searchLevel0Filtered(scorer, ep, epDist, ef, accept, scratch);
    } else {
      searchLevel(scorer, ep, epDist, 0, ef, accept, -1, scratch);
    }
    return true;
  }

  private void searchLevel0Filtered(NodeScorer scorer, int ep, float epDist, int ef, BitSet accept,
      SearchScratch scratch) {
    NodeQueue candidates = scratch.candidates;
    NodeQueue results = scratch.results;
    VisitedSet visited = scratch.visited;
    candidates.clear();
    candidates.push(ep, epDist);
    if (accept.get(ep)) {
      results.push(ep, epDist);
    }
    float bound = results.size() >= ef ? results.topDistance() : Float.POSITIVE_INFINITY;
    int maxCount = graph.maxNeighbors(0);
    int[] batch = scratch.batch;
    int cap = Math.min(batch.length, maxCount);
    while (!candidates.isEmpty()) {
      if (candidates.topDistance() > bound) {
        break;
      }
      int c = candidates.pop();
      int[] arr = graph.listArray(c, 0);
      int start = graph.listStart(c, 0);
      int count = Math.min(arr[start], maxCount);
      int fresh = 0;
      // Accepted neighbours first, then accepted neighbours of rejected neighbours, up to
      // one list's worth of nodes to score.
      for (int j = 1; j <= count && fresh < cap; j++) {
        int n = arr[start + j];
        if (accept.get(n) && visited.visit(n)) {
          batch[fresh++] = n;
        }
      }
      for (int j = 1; j <= count && fresh < cap; j++) {
        int n = arr[start + j];
        if (accept.get(n)) {
          continue;
        }
        int[] arr2 = graph.listArray(n, 0);
        if (arr2 == null) {
          continue;
        }
        int start2 = graph.listStart(n, 0);
        int count2 = Math.min(arr2[start2], maxCount);
        for (int i = 1; i <= count2 && fresh < cap; i++) {
          int nn = arr2[start2 + i];
          if (accept.get(nn) && visited.visit(nn)) {
            batch[fresh++] = nn;
          }
        }
      }
      // Where even two hops find no accepted node, step onto the rejected neighbours (scored,
      // followed, never returned), as the plain traversal does, so the search can cross a
      // sparse region instead of stalling there.
      if (fresh == 0) {
        for (int j = 1; j <= count && fresh < batch.length; j++) {
          int n = arr[start + j];
          if (!accept.get(n) && visited.visit(n)) {
            batch[fresh++] = n;
          }
        }
      }
      float[] dist = scratch.batchDistances;
      scorer.distances(batch, fresh, dist);
      for (int j = 0; j < fresh; j++) {
        int n = batch[j];
        float d = dist[j];
        if (d < bound || results.size() < ef) {
          candidates.push(n, d);
          if (accept.get(n)) {
            results.push(n, d);
            if (results.size() > ef) {
              results.pop();
            }
            if (results.size() >= ef) {
              bound = results.topDistance();
            }
          }
        }
      }
    }
  }


  /**
   * Greedy walk from {@code ep} down through levels {@code fromLevel}..{@code toLevel + 1},
   * moving to any closer neighbour until none is closer. Returns the packed (distance, node).
   */
  long descend(NodeScorer scorer, int ep, float epDist, int fromLevel, int toLevel) {
    int cur = ep;
    float curDist = epDist;
    for (int level = fromLevel; level > toLevel; level--) {
      boolean moved = true;
      while (moved) {
        moved = false;
        if (graph.level(cur) < level) {
          break; // reused or removed node: stay where we are
        }
        int[] arr = graph.listArray(cur, level);
        if (arr == null) {
          break;
        }
        int start = graph.listStart(cur, level);
        int count = Math.min(arr[start], graph.m);
        for (int j = 1; j <= count; j++) {
          int n = arr[start + j];
          if (graph.level(n) < level) {
            continue;
          }
          float d = scorer.distance(n);
          if (d < curDist) {
            curDist = d;
            cur = n;
            moved = true;
          }
        }
      }
    }
    return NodeQueue.encode(curDist, cur);
  }

  /**
   * Beam search at {@code level} from one entry node (already marked visited). Results
   * accumulate in {@code scratch.results}, bounded to {@code ef}; {@code skip} (the node being
   * inserted, or -1) is never returned.
   */
  void searchLevel(NodeScorer scorer, int ep, float epDist, int level, int ef, BitSet accept, int skip,
      SearchScratch scratch) {
    NodeQueue candidates = scratch.candidates;
    NodeQueue results = scratch.results;
    VisitedSet visited = scratch.visited;
    candidates.clear();
    candidates.push(ep, epDist);
    if (ep != skip && (accept == null || accept.get(ep))) {
      results.push(ep, epDist);
    }
    float bound = results.size() >= ef ? results.topDistance() : Float.POSITIVE_INFINITY;
    int maxCount = graph.maxNeighbors(level);
    while (!candidates.isEmpty()) {
      if (candidates.topDistance() > bound) {
        break;
      }
      int c = candidates.pop();
      int[] arr;
      int start;
      if (level == 0) {
        arr = graph.listArray(c, 0);
        start = graph.listStart(c, 0);
      } else {
        if (graph.level(c) < level || (arr = graph.listArray(c, level)) == null) {
          continue;
        }
        start = graph.listStart(c, level);
      }
      int count = Math.min(arr[start], maxCount);
      // Gather the unvisited neighbours first and score them together (four at a time), so
      // their vectors' cache misses overlap instead of queueing one behind another.
      int[] batch = scratch.batch;
      int fresh = 0;
      for (int j = 1; j <= count; j++) {
        int n = arr[start + j];
        if (!visited.visit(n)) {
          continue;
        }
        if (level > 0 && graph.level(n) < level) {
          continue;
        }
        batch[fresh++] = n;
      }
      float[] dist = scratch.batchDistances;
      scorer.distances(batch, fresh, dist);
      for (int j = 0; j < fresh; j++) {
        int n = batch[j];
        float d = dist[j];
        if (d < bound || results.size() < ef) {
          candidates.push(n, d);
          if (n != skip && (accept == null || accept.get(n))) {
            results.push(n, d);
            if (results.size() > ef) {
              results.pop();
            }
            if (results.size() >= ef) {
              bound = results.topDistance();
            }
          }
        }
      }
    }
  }
}
