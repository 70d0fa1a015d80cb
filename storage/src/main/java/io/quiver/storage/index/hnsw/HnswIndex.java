package io.quiver.storage.index.hnsw;

import io.quiver.storage.index.ChunkedVectorStore;
import io.quiver.storage.index.IndexEvents;
import io.quiver.storage.index.Int8VectorStore;
import io.quiver.storage.index.SearchHit;
import io.quiver.storage.index.SearchParams;
import io.quiver.storage.index.TopKCollector;
import io.quiver.storage.index.VectorIndex;
import io.quiver.storage.scoring.VectorDistances;
import io.quiver.storage.vector.VectorSimilarity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection's HNSW index: the graph, the queue of vectors waiting to be linked into it, and
 * the removed nodes waiting to be unlinked.
 *
 * <p>Writes never wait for the graph. A new vector is queued ({@link #added}) and linked by
 * background workers, several at once; until it is linked, searches score it exactly
 * alongside the graph search, so a search always sees every acknowledged write. A removed
 * node stays in the graph as a stepping stone (searches pass through it but never return
 * it) until removed nodes exceed {@code consolidateFraction} of the graph; then one
 * background pass re-links their neighbours ({@link HnswGraphBuilder#consolidate}) and the
 * ordinals are released for reuse.
 *
 * <p>Searches of COSINE and DOT collections walk the graph on the int8 copy of the vectors
 * that the collection's store keeps ({@link Int8VectorStore}: a quarter of the memory traffic
 * of the floats, which is what bounds a walk over a collection larger than the caches), then
 * re-score the walk's {@code ef} results with the floats, so returned scores are exact. L2
 * searches and every insert walk the floats. See {@link NodeScorer}.
 *
 * <p>Locks, always taken in this order: {@code structure} (write: a save; read: inserts and
 * consolidation), the collection's lock, {@code state} (the queues and sets below). The
 * releaser (which takes the collection's write lock) is never called while holding the other
 * two.
 *
 * <p>Thread-safe.
 */
public final class HnswIndex implements VectorIndex {
  private static final Logger log = LoggerFactory.getLogger(HnswIndex.class);

  private final HnswParams params;
  private final HnswGraph graph;
  private final VectorDistances distances;
  private final HnswGraphBuilder builder;
  private final HnswGraphSearcher searcher;
  private final VectorSimilarity metric;
  private final Executor workers;
  private final int maxWorkers;
  private final OrdinalReleaser releaser;
  private final double consolidateFraction;
  private volatile IndexEvents events = IndexEvents.NONE;
  private final ThreadLocal<SearchScratch> scratch = ThreadLocal.withInitial(SearchScratch::new);

  final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
  private final Object state = new Object();
  // Guarded by state.
  private final ArrayDeque<Integer> queue = new ArrayDeque<>();
  private final BitSet pending = new BitSet();
  private final BitSet retired = new BitSet();
  // Written under state; volatile so a search can see "nothing pending" without the lock.
  private volatile int pendingCount;
  private int graphNodes;
  private int tombstones;
  private int activeWorkers;
  private boolean consolidating;
  private boolean closed;
  private long changesSinceSave;

  HnswIndex(HnswParams params, HnswGraph graph, ChunkedVectorStore vectors, VectorSimilarity metric,
      Executor workers, int maxWorkers, OrdinalReleaser releaser, double consolidateFraction) {
    this.params = params;
    this.graph = graph;
    this.metric = metric;
    this.distances = new VectorDistances(vectors, metric);
    this.builder = new HnswGraphBuilder(graph, distances, params.efConstruction());
    this.searcher = new HnswGraphSearcher(graph);
    this.workers = workers;
    this.maxWorkers = Math.max(1, maxWorkers);
    this.releaser = releaser;
    this.consolidateFraction = consolidateFraction;
  }

  /** An empty index. {@code workers} runs the linking and consolidation tasks. */
  public static HnswIndex create(HnswParams params, ChunkedVectorStore vectors, VectorSimilarity metric,
      Executor workers, int maxWorkers, OrdinalReleaser releaser) {
    return new HnswIndex(params, new HnswGraph(params.m()), vectors, metric, workers, maxWorkers, releaser, 0.1);
  }

  public HnswParams params() {
    return params;
  }

  /** Reports background work to {@code events} from now on. */
  public void reportTo(IndexEvents events) {
    this.events = events;
  }

  HnswGraph graph() {
    return graph;
  }

  /** Counts the nodes a loaded graph already holds (called once, before any other use). */
  void adoptLoadedNodes(int nodes) {
    synchronized (state) {
      graphNodes = nodes;
    }
  }

  @Override
  public void added(int ordinal) {
    boolean start = false;
    synchronized (state) {
      pending.set(ordinal);
      pendingCount++;
      queue.add(ordinal);
      if (!closed && activeWorkers < maxWorkers) {
        activeWorkers++;
        start = true;
      }
    }
    if (start) {
      workers.execute(this::drainQueue);
    }
  }

  @Override
  public boolean removed(int ordinal) {
    boolean consolidate = false;
    synchronized (state) {
      retired.set(ordinal);
      if (!pending.get(ordinal)) {
        tombstones++;
        consolidate = shouldConsolidate();
      }
    }
    if (consolidate) {
      workers.execute(this::consolidate);
    }
    return false;
  }

  /** Caller holds state. Marks a consolidation as started when one is due. */
  private boolean shouldConsolidate() {
    if (consolidating || closed || tombstones < Math.max(16, consolidateFraction * graphNodes)) {
      return false;
    }
    consolidating = true;
    return true;
  }

  /** Worker loop: link queued ordinals until the queue is empty. */
  private void drainQueue() {
    while (true) {
      int ordinal;
      boolean deadBeforeLinking = false;
      synchronized (state) {
        Integer next = closed ? null : queue.poll();
        if (next == null) {
          activeWorkers--;
          state.notifyAll();
          return;
        }
        ordinal = next;
        if (retired.get(ordinal)) {
          // Replaced or deleted before it was linked: never put it in the graph.
          retired.clear(ordinal);
          pending.clear(ordinal);
          pendingCount--;
          deadBeforeLinking = true;
        }
      }
      if (deadBeforeLinking) {
        releaser.release(new int[] {ordinal});
        continue;
      }
      boolean consolidate = false;
      long linkStart = System.nanoTime();
      structure.readLock().lock();
      try {
        builder.insert(ordinal);
      } catch (RuntimeException | Error e) {
        log.error("linking ordinal {} into the HNSW graph failed; it stays searchable exactly", ordinal, e);
        continue;
      } finally {
        structure.readLock().unlock();
      }
      events.onWork(IndexEvents.LINK, 1, System.nanoTime() - linkStart);
      synchronized (state) {
        pending.clear(ordinal);
        pendingCount--;
        graphNodes++;
        changesSinceSave++;
        if (retired.get(ordinal)) {
          tombstones++;
          consolidate = shouldConsolidate();
        }
        if (pendingCount == 0) {
          state.notifyAll();
        }
      }
      if (consolidate) {
        workers.execute(this::consolidate);
      }
    }
  }

  /** One consolidation pass over the removed nodes present when it starts. */
  private void consolidate() {
    long start = System.nanoTime();
    BitSet removed;
    int removedCount;
    structure.readLock().lock();
    try {
      synchronized (state) {
        removed = (BitSet) retired.clone();
        removed.andNot(pending);
        removedCount = removed.cardinality();
      }
      if (removedCount > 0) {
        builder.consolidate(removed, Math.max(removed.length(), graph.capacity()));
      }
    } catch (RuntimeException | Error e) {
      log.error("HNSW consolidation failed; removed nodes stay as stepping stones", e);
      synchronized (state) {
        consolidating = false;
        state.notifyAll();
      }
      return;
    } finally {
      structure.readLock().unlock();
    }
    boolean again;
    synchronized (state) {
      retired.andNot(removed);
      tombstones -= removedCount;
      graphNodes -= removedCount;
      changesSinceSave++;
      consolidating = false;
      // Removals that arrived during the pass may already be past the threshold.
      again = shouldConsolidate();
      state.notifyAll();
    }
    long took = System.nanoTime() - start;
    events.onWork(IndexEvents.CONSOLIDATE, removedCount, took);
    log.debug("HNSW consolidation unlinked {} nodes in {} ms", removedCount, took / 1_000_000);
    releaser.release(removed.stream().toArray());
    if (again) {
      workers.execute(this::consolidate);
    }
  }

  /**
   * An accept-set smaller than this share of the graph (a filter) gets the two-hop filtered
   * traversal ({@link HnswGraphSearcher#searchFiltered}); larger ones (the live set, broad
   * filters) the plain one, which passes through rejected nodes. 0 disables the filtered
   * traversal (tests and benchmarks compare the two). Measured on debian-packages-minilm
   * (32k x 384, m=16, ef=128): at 10% selectivity two-hop 1020 QPS / recall 0.993 against plain
   * 393 QPS / 0.999; at 50% plain is faster (1720 vs 1436 QPS), hence 0.3.
   */
  public static volatile double FILTERED_TRAVERSAL_BELOW = 0.3;

  /**
   * Whether searches walk the graph on the int8 copy of the vectors (when the store keeps one)
   * and re-score the walk's {@code ef} results exactly, rather than on the floats. On for
   * every collection; tests and benchmarks switch it off to compare.
   */
  public static volatile boolean INT8_TRAVERSAL = true;

  /** Whether searches walk an int8 copy of the vectors (the store keeps one, see {@link #INT8_TRAVERSAL}). */
  public boolean walksInt8() {
    return INT8_TRAVERSAL && distances.vectors().int8() != null;
  }

  @Override
  public List<SearchHit> search(float[] query, int k, SearchParams params, BitSet accept, int ordinalLimit,
      TopKCollector.TieBreaker ties) {
    int ef = Math.max(k, params.ef() > 0 ? params.ef() : this.params.ef());
    int[] unlinked = null;
    // The collection's read lock orders every acknowledged added() before this search, so a
    // zero here means nothing acknowledged is waiting to be linked.
    if (pendingCount > 0) {
      synchronized (state) {
        unlinked = pending.stream().toArray();
      }
    }
    SearchScratch s = scratch.get();
    TopKCollector top = new TopKCollector(k, metric.higherIsBetter(), ties);
    boolean filtered = FILTERED_TRAVERSAL_BELOW > 0
        && accept.cardinality() < (long) (FILTERED_TRAVERSAL_BELOW * ordinalLimit);
    // The store keeps an int8 copy only for similarity metrics (see Int8VectorStore).
    Int8VectorStore int8 = INT8_TRAVERSAL ? distances.vectors().int8() : null;
    NodeScorer scorer = int8 == null ? s.scorer.bindFloat(distances, query) : s.scorer.bindInt8(int8, query);
    if (filtered ? searcher.searchFiltered(scorer, ef, accept, s) : searcher.search(scorer, ef, accept, s)) {
      NodeQueue results = s.results;
      int n = results.size();
      if (int8 == null) {
        for (int i = 1; i <= n; i++) {
          top.offer(results.nodeAt(i), distances.toScore(results.distanceAt(i)));
        }
      } else {
        // The walk ranked by approximate distances; every result it kept is re-scored exactly,
        // so returned scores are exact and the order among the ef is the true one.
        s.ensureRerank(n);
        for (int i = 1; i <= n; i++) {
          s.rerankNodes[i - 1] = results.nodeAt(i);
        }
        s.exactScorer.bindFloat(distances, query).distances(s.rerankNodes, n, s.rerankDistances);
        for (int i = 0; i < n; i++) {
          top.offer(s.rerankNodes[i], distances.toScore(s.rerankDistances[i]));
        }
      }
    } else {
      s.visited.reset(graph.capacity());
    }
    if (unlinked != null) {
      // Not yet in the graph: score exactly. Nodes the graph search already scored are skipped;
      // any of them that could rank is already among its results.
      for (int ordinal : unlinked) {
        if (accept.get(ordinal) && s.visited.visit(ordinal)) {
          top.offer(ordinal, distances.toScore(distances.distance(query, ordinal)));
        }
      }
    }
    return top.drainBestFirst();
  }

  @Override
  public boolean indexing() {
    synchronized (state) {
      return pendingCount > 0 || consolidating;
    }
  }

  /** Vectors queued and not yet linked. */
  public int pendingCount() {
    synchronized (state) {
      return pendingCount;
    }
  }

  /** Removed nodes still in the graph. */
  public int tombstoneCount() {
    synchronized (state) {
      return tombstones;
    }
  }

  /** Nodes in the graph, removed ones included. */
  public int graphSize() {
    synchronized (state) {
      return graphNodes;
    }
  }

  /** Whether the graph changed since the last save. */
  public boolean dirty() {
    synchronized (state) {
      return changesSinceSave > 0;
    }
  }

  void markSaved(long changesSeen) {
    synchronized (state) {
      changesSinceSave -= changesSeen;
    }
  }

  long changesSinceSave() {
    synchronized (state) {
      return changesSinceSave;
    }
  }

  /**
   * Waits until every queued vector is linked and no consolidation runs, or the timeout
   * passes. Returns whether the index is idle.
   */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (state) {
      while (pendingCount > 0 || consolidating) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(state, left);
      }
      return true;
    }
  }

  /** Runs a consolidation now if there is anything to unlink (tests, and before a save). */
  public void consolidateNow() {
    synchronized (state) {
      if (consolidating || tombstones == 0) {
        return;
      }
      consolidating = true;
    }
    consolidate();
  }

  /**
   * Saves the graph to {@code file}. Linking and consolidation pause while it is written;
   * searches do not. {@code labels} is asked for node labels after the pause starts, so the
   * saved labels match the saved links.
   */
  public void save(Path file, int dimension, java.util.function.Supplier<Labels> labels) throws IOException {
    structure.writeLock().lock();
    try {
      long start = System.nanoTime();
      long changes = changesSinceSave();
      Labels snapshot = labels.get();
      HnswGraphFormat.write(graph, snapshot.limit(), dimension, params.efConstruction(), snapshot, file);
      markSaved(changes);
      events.onWork(IndexEvents.SAVE, graphSize(), System.nanoTime() - start);
    } finally {
      structure.writeLock().unlock();
    }
  }

  /** Node labels for a save: ids in key form and write sequences, for ordinals below {@code limit}. */
  public record Labels(int limit, byte[][] ids, long[] seqs) implements HnswGraphFormat.NodeLabels {
    @Override
    public byte[] idBytes(int node) {
      return node < ids.length ? ids[node] : null;
    }

    @Override
    public long seq(int node) {
      return node < seqs.length ? seqs[node] : 0;
    }
  }

  /**
   * An index over a graph read from a file; nodes listed in {@code stale} (whose points are
   * gone or changed since the save) are unlinked before this returns, and their ordinals are
   * handed to nobody: the caller treats them as free.
   */
  public static HnswIndex fromLoaded(HnswParams params, HnswGraphFormat.Loaded loaded, BitSet stale,
      ChunkedVectorStore vectors, VectorSimilarity metric, Executor workers, int maxWorkers, OrdinalReleaser releaser) {
    HnswIndex index = new HnswIndex(params, loaded.graph(), vectors, metric, workers, maxWorkers, releaser, 0.1);
    if (!stale.isEmpty()) {
      index.builder.consolidate(stale, loaded.limit());
    }
    index.adoptLoadedNodes(loaded.nodes() - stale.cardinality());
    if (!stale.isEmpty()) {
      index.changesSinceSave = 1;
    }
    return index;
  }

  /** Reads a saved graph; see {@link HnswGraphFormat#read}. */
  public static HnswGraphFormat.Loaded readGraph(Path file, HnswParams params, int dimension) throws IOException {
    return HnswGraphFormat.read(file, params.m(), dimension);
  }

  @Override
  public long ramBytesUsed() {
    synchronized (state) {
      return graph.ramBytesUsed() + retired.size() / 8 + pending.size() / 8 + 16L * queue.size();
    }
  }

  /** Stops the workers after the node each is linking; queued vectors stay unlinked. */
  @Override
  public void close() {
    synchronized (state) {
      closed = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (activeWorkers > 0 && System.nanoTime() < deadline) {
        try {
          state.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
