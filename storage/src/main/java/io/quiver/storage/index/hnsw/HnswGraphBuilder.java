package io.quiver.storage.index.hnsw;

import io.quiver.storage.scoring.VectorDistances;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Inserts nodes into an {@link HnswGraph} and repairs it around removed nodes. Many threads
 * may insert at once: each node's lists are written under that node's lock, one node at a
 * time (never two locks held), so threads cannot deadlock.
 *
 * <p>Neighbour choice is the HNSW paper's heuristic (algorithm 4): walk candidates nearest
 * first and keep one only if it is closer to the base node than to every neighbour already
 * kept. It keeps links pointing in diverse directions, which is what lets a greedy search
 * cross between clusters.
 *
 * <p>Thread-safe.
 */
final class HnswGraphBuilder {
  private final HnswGraph graph;
  private final VectorDistances distances;
  private final HnswGraphSearcher searcher;
  private final int efConstruction;
  private final double levelMultiplier;
  private final ThreadLocal<SearchScratch> scratch = ThreadLocal.withInitial(SearchScratch::new);

  HnswGraphBuilder(HnswGraph graph, VectorDistances distances, int efConstruction) {
    this.graph = graph;
    this.distances = distances;
    this.searcher = new HnswGraphSearcher(graph);
    this.efConstruction = efConstruction;
    this.levelMultiplier = 1 / Math.log(graph.m);
  }

  /** A random top level: P(level >= l) = M^-l, the paper's choice for 1/ln(M). */
  int randomLevel() {
    double u = 1.0 - ThreadLocalRandom.current().nextDouble(); // in (0, 1]
    return Math.min(30, (int) (-Math.log(u) * levelMultiplier));
  }

  /** Adds {@code node} (its vector already stored) to the graph. */
  void insert(int node) {
    insert(node, randomLevel());
  }

  void insert(int node, int level) {
    SearchScratch s = scratch.get();
    float[] vector = distances.vectors().get(node);
    synchronized (graph.lock(node)) {
      graph.initNode(node, level);
    }
    long entry = graph.entry();
    if (entry == -1) {
      synchronized (graph.entryLock) {
        entry = graph.entry();
        if (entry == -1) {
          graph.setEntry(node, level);
          return;
        }
      }
    }
    int entryLevel = HnswGraph.entryLevel(entry);
    int ep = HnswGraph.entryNode(entry);
    // Inserts walk the float vectors: the graph's quality is set here, once.
    NodeScorer scorer = s.scorer.bindFloat(distances, vector);
    float epDist = scorer.distance(ep);
    if (entryLevel > level) {
      long best = searcher.descend(scorer, ep, epDist, entryLevel, level);
      ep = NodeQueue.decodeNode(best);
      epDist = NodeQueue.decodeDistance(best);
    }
    for (int lc = Math.min(level, entryLevel); lc >= 0; lc--) {
      s.results.clear();
      s.visited.reset(graph.capacity());
      s.visited.visit(node);
      s.visited.visit(ep);
      searcher.searchLevel(scorer, ep, epDist, lc, efConstruction, null, node, s);
      int found = drainAscending(s);
      if (found == 0) {
        continue;
      }
      int[] selected = new int[graph.m];
      int kept = selectDiverse(s.neighbors, s.distances, found, graph.m, selected);
      synchronized (graph.lock(node)) {
        graph.setNeighbors(node, lc, selected, kept);
      }
      for (int i = 0; i < kept; i++) {
        link(selected[i], node, lc, s);
      }
      // The closest node found is the entry of the next level down.
      ep = s.neighbors[0];
      epDist = s.distances[0];
    }
    if (level > entryLevel) {
      synchronized (graph.entryLock) {
        if (level > HnswGraph.entryLevel(graph.entry())) {
          graph.setEntry(node, level);
        }
      }
    }
  }

  /** Moves the results heap into {@code s.neighbors}/{@code s.distances}, nearest first. */
  private static int drainAscending(SearchScratch s) {
    int n = s.results.size();
    s.ensureBuffers(n + 1);
    for (int i = n - 1; i >= 0; i--) {
      s.distances[i] = s.results.topDistance();
      s.neighbors[i] = s.results.pop();
    }
    return n;
  }

  /**
   * The heuristic: from {@code count} candidates sorted nearest first (distances to the base
   * node in {@code dist}), keeps up to {@code max} in {@code out}; returns how many.
   */
  private int selectDiverse(int[] cand, float[] dist, int count, int max, int[] out) {
    int kept = 0;
    for (int i = 0; i < count && kept < max; i++) {
      int c = cand[i];
      boolean diverse = true;
      for (int j = 0; j < kept; j++) {
        if (distances.distance(c, out[j]) < dist[i]) {
          diverse = false;
          break;
        }
      }
      if (diverse) {
        out[kept++] = c;
      }
    }
    return kept;
  }

  /** Adds {@code node} to {@code target}'s list at {@code level}, pruning when it is full. */
  private void link(int target, int node, int level, SearchScratch s) {
    int max = graph.maxNeighbors(level);
    synchronized (graph.lock(target)) {
      if (graph.level(target) < level) {
        return; // removed or reused since it was found
      }
      int[] arr = graph.listArray(target, level);
      int start = graph.listStart(target, level);
      int count = Math.min(arr[start], max);
      for (int j = 1; j <= count; j++) {
        if (arr[start + j] == node) {
          return;
        }
      }
      if (count < max) {
        arr[start + count + 1] = node;
        arr[start] = count + 1;
        return;
      }
      // Full: choose among the old neighbours and the new node by the same heuristic. Their
      // distances to the target are scored together (gathered), so the misses overlap.
      s.ensureBuffers(max + 1);
      int[] cand = new int[max + 1];
      float[] dist = new float[max + 1];
      System.arraycopy(arr, start + 1, cand, 0, count);
      cand[count] = node;
      float[] targetVector = s.targetVector(distances.vectors(), target);
      // exactScorer, not scorer: the latter stays bound to the inserted vector for the next level.
      s.exactScorer.bindFloat(distances, targetVector).distances(cand, count + 1, dist);
      sortByDistance(cand, dist, count + 1);
      int[] kept = new int[max];
      int n = selectDiverse(cand, dist, count + 1, max, kept);
      graph.setNeighbors(target, level, kept, n);
    }
  }

  /** Insertion sort of small parallel arrays by distance (lists hold at most 2M entries). */
  private static void sortByDistance(int[] nodes, float[] dist, int n) {
    for (int i = 1; i < n; i++) {
      float d = dist[i];
      int v = nodes[i];
      int j = i - 1;
      while (j >= 0 && dist[j] > d) {
        dist[j + 1] = dist[j];
        nodes[j + 1] = nodes[j];
        j--;
      }
      dist[j + 1] = d;
      nodes[j + 1] = v;
    }
  }

  /**
   * Re-links every node that points at a node in {@code removed} (below {@code limit}) to
   * the removed node's own surviving neighbours, chosen by the heuristic, then takes the
   * removed nodes out of the graph and moves the entry point off them if needed. Vectors of
   * removed nodes are never read, so it also works for nodes whose vectors are gone.
   */
  void consolidate(BitSet removed, int limit) {
    int[] current = new int[graph.m0];
    java.util.LinkedHashSet<Integer> pool = new java.util.LinkedHashSet<>();
    for (int node = 0; node < limit; node++) {
      int top = graph.level(node);
      if (top < 0 || removed.get(node)) {
        continue;
      }
      for (int lc = 0; lc <= top; lc++) {
        synchronized (graph.lock(node)) {
          if (graph.level(node) < lc) {
            break;
          }
          int count = graph.copyNeighbors(node, lc, current);
          boolean touched = false;
          for (int j = 0; j < count && !touched; j++) {
            touched = removed.get(current[j]);
          }
          if (!touched) {
            continue;
          }
          pool.clear();
          for (int j = 0; j < count; j++) {
            int n = current[j];
            if (!removed.get(n)) {
              pool.add(n);
            } else if (graph.level(n) >= lc) {
              int[] second = new int[graph.m0];
              int c2 = graph.copyNeighbors(n, lc, second);
              for (int k = 0; k < c2; k++) {
                int n2 = second[k];
                if (n2 != node && !removed.get(n2) && graph.level(n2) >= lc) {
                  pool.add(n2);
                }
              }
            }
          }
          int size = pool.size();
          int[] cand = new int[size];
          float[] dist = new float[size];
          int i = 0;
          for (int c : pool) {
            cand[i] = c;
            dist[i++] = distances.distance(node, c);
          }
          sortByDistance(cand, dist, size);
          int max = graph.maxNeighbors(lc);
          int[] kept = new int[max];
          int n = selectDiverse(cand, dist, size, max, kept);
          graph.setNeighbors(node, lc, kept, n);
        }
      }
    }
    synchronized (graph.entryLock) {
      long entry = graph.entry();
      if (entry != -1 && removed.get(HnswGraph.entryNode(entry))) {
        int best = -1;
        int bestLevel = -1;
        for (int node = 0; node < limit; node++) {
          int lv = graph.level(node);
          if (lv > bestLevel && !removed.get(node)) {
            best = node;
            bestLevel = lv;
          }
        }
        graph.setEntry(best, bestLevel);
      }
    }
    for (int node = removed.nextSetBit(0); node >= 0 && node < limit; node = removed.nextSetBit(node + 1)) {
      synchronized (graph.lock(node)) {
        graph.removeNode(node);
      }
    }
  }
}
