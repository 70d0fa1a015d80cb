package io.quiver.storage.index.ivf;

import io.quiver.storage.StorageException;
import io.quiver.storage.index.IndexEvents;
import io.quiver.storage.index.SearchHit;
import io.quiver.storage.index.SearchParams;
import io.quiver.storage.index.TopKCollector;
import io.quiver.storage.index.VectorIndex;
import io.quiver.storage.quant.Parallel;
import io.quiver.storage.quant.ProductQuantizer;
import io.quiver.storage.vector.VectorSimilarity;
import io.quiver.storage.vector.VectorUtil;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection's IVF-PQ index: coarse k-means lists of product-quantized residual codes,
 * searched by PQ lookup tables and re-ranked exactly with the vectors read back from the
 * store. Only centroids, codebooks, codes and ordinals live in memory; see {@link
 * IvfPqModel} for the distance decomposition and {@link InvertedLists} for the layout.
 *
 * <p>Life cycle. New vectors wait in a <em>pending</em> map (ordinal to vector) and are
 * searched exactly from there, so a search sees every acknowledged write. Until the
 * collection holds {@code train_min} points, nothing else happens: the collection is searched
 * exactly. Then one background task trains the quantizers on a sample of up to {@code
 * train_size} pending vectors, and an encoder (on the shared worker pool, encoding in parallel)
 * moves pending vectors into the lists. A vector's raw copy is dropped once it is encoded.
 * {@link #retrain} trains new quantizers from the store in the background and swaps them in
 * with freshly encoded lists; searches keep using the old ones meanwhile.
 *
 * <p>Removal. A pending vector is simply forgotten and its ordinal may be reused at once.
 * An encoded one is marked deleted (searches skip it: it is not in the accept set) and its
 * ordinal is held until a compaction, started when deleted entries exceed a tenth of the
 * lists, rewrites the lists without them and releases the ordinals.
 *
 * <p>Search. Choose {@code nprobe} lists, build the query's table once (and per list, for L2,
 * one add with the precomputed term), score each list's interleaved code blocks, keep the best
 * {@code refine * k} by estimated distance in a primitive heap, read their vectors from the
 * {@link RerankFile} (or, on a miss, from the store, which then fills the file) and re-score
 * them exactly; pending vectors are scored exactly as they are. Returned scores are the
 * metric's true scores. Where the CPU has in-register byte shuffles, the blocks are scored on
 * the table quantized to bytes ({@link VectorUtil#pqLookupSumQuantized}, about 15x cheaper per
 * code than the float gathers of {@link VectorUtil#pqLookupSumInterleaved}), which only the
 * ranking of candidates sees; an L2 list's own table is quantized only for lists of at least
 * {@link #QUANTIZE_LIST_MIN} codes.
 *
 * <p>Locks, in this order: the collection's lock, {@code listsLock} (read: searches and saves;
 * write: appending codes, compaction, swapping quantizers), {@code state} (the pending map and
 * the bit sets). The releaser and {@link StoredVectors} (which take the collection's lock) are
 * never called while holding the other two, except {@link StoredVectors#read} from a search,
 * which already holds the collection's read lock.
 *
 * <p>Thread-safe.
 */
public final class IvfPqIndex implements VectorIndex {
  private static final Logger log = LoggerFactory.getLogger(IvfPqIndex.class);
  /** Vectors encoded per encoder round (the lists lock is taken once per round). */
  private static final int ENCODE_BATCH = 16_384;
  /** Compaction starts when deleted entries exceed this fraction of the lists (and 256). */
  private static final double COMPACT_FRACTION = 0.1;
  /** Get reports a retrain as recommended once the collection is this many times its training size. */
  public static final double RETRAIN_GROWTH = 10.0;

  private final IvfPqParams params;
  private final int dim;
  private final VectorSimilarity metric;
  private final Executor workers;
  private final Parallel parallel;
  private final OrdinalReleaser releaser;
  private final StoredVectors stored;
  /** The re-rank copy of the vectors (null: none, every re-rank reads the store). */
  private final RerankFile rerank;
  private volatile IndexEvents events = IndexEvents.NONE;
  private final ThreadLocal<SearchScratch> scratch;

  private final ReentrantReadWriteLock listsLock = new ReentrantReadWriteLock();
  // Written under listsLock's write lock (and state); read under either.
  private volatile IvfPqModel model;
  private InvertedLists lists;

  private final Object state = new Object();
  // Guarded by state.
  private final LinkedHashMap<Integer, float[]> pending = new LinkedHashMap<>();
  private final BitSet encoded = new BitSet();
  private final BitSet deleted = new BitSet();
  private int encodedCount;
  private int deletedCount;
  private boolean training;
  private boolean trainFailed;
  private boolean encoding;
  private boolean compacting;
  private boolean retraining;
  private Map<Integer, float[]> retrainLog;
  private int activeTasks;
  private long changesSinceSave;
  private volatile boolean closed;

  private IvfPqIndex(IvfPqParams params, int dim, VectorSimilarity metric, Executor workers, int workerThreads,
      OrdinalReleaser releaser, StoredVectors stored, Path rerankPath) {
    params.checkDimension(dim);
    this.params = params;
    this.dim = dim;
    this.metric = metric;
    this.workers = workers;
    this.parallel = new Parallel(workers, workerThreads);
    this.releaser = releaser;
    this.stored = stored;
    this.scratch = ThreadLocal.withInitial(SearchScratch::new);
    this.rerank = RerankFile.create(rerankPath, dim);
  }

  /** An empty, untrained index. {@code workers} runs training, encoding and compaction. */
  @Override
  public boolean keepsVectorsInMemory() {
    return false;
  }

  /**
   * An empty, untrained index. {@code rerankPath} is where the re-rank copy of the vectors is
   * kept (see {@link RerankFile}; replaced if present); null keeps none.
   */
  public static IvfPqIndex create(IvfPqParams params, int dim, VectorSimilarity metric, Executor workers,
      int workerThreads, OrdinalReleaser releaser, StoredVectors stored, Path rerankPath) {
    return new IvfPqIndex(params, dim, metric, workers, workerThreads, releaser, stored, rerankPath);
  }

  /**
   * An index over a saved file: the saved quantizers, and the saved entries whose ordinal in
   * {@code ordinalOfEntry} is not negative (the caller matched them with the store by id and
   * write sequence), appended in their saved order.
   */
  public static IvfPqIndex fromLoaded(IvfPqParams params, int dim, VectorSimilarity metric, Executor workers,
      int workerThreads, OrdinalReleaser releaser, StoredVectors stored, Path rerankPath, IvfPqFormat.Loaded saved,
      int[] ordinalOfEntry, boolean staleEntries) {
    IvfPqIndex index = new IvfPqIndex(params, dim, metric, workers, workerThreads, releaser, stored, rerankPath);
    IvfPqModel model = new IvfPqModel(dim, metric, saved.centroids(), saved.nlist(),
        new ProductQuantizer(dim, saved.m(), saved.codebooks()), saved.trainedPoints());
    InvertedLists lists = new InvertedLists(saved.nlist(), saved.m());
    int e = 0;
    int m = saved.m();
    for (int l = 0; l < saved.nlist(); l++) {
      for (int i = 0; i < saved.listSizes()[l]; i++, e++) {
        int o = ordinalOfEntry[e];
        if (o >= 0) {
          lists.append(l, o, saved.codes(), e * m);
          index.encoded.set(o);
          index.encodedCount++;
        }
      }
    }
    index.model = model;
    index.lists = lists;
    index.changesSinceSave = staleEntries ? 1 : 0;
    return index;
  }

  /** Reports background work to {@code events} from now on. */
  public void reportTo(IndexEvents events) {
    this.events = events;
  }

  public IvfPqParams params() {
    return params;
  }

  @Override
  public void added(int ordinal) {
    throw new IllegalStateException("IVF-PQ keeps no vectors in the collection's memory; call added(ordinal, vector)");
  }

  @Override
  public void added(int ordinal, float[] vector) {
    if (rerank != null) {
      rerank.write(ordinal, vector);
    }
    Runnable task;
    synchronized (state) {
      pending.put(ordinal, vector);
      if (retrainLog != null) {
        retrainLog.put(ordinal, vector);
      }
      changesSinceSave++;
      task = nextTask();
    }
    if (task != null) {
      execute(task);
    }
  }

  @Override
  public boolean removed(int ordinal) {
    Runnable task = null;
    synchronized (state) {
      changesSinceSave++;
      if (pending.remove(ordinal) != null) {
        // Never encoded (an encoder holding its vector checks identity before appending).
        return true;
      }
      if (!encoded.get(ordinal) || deleted.get(ordinal)) {
        return true;
      }
      deleted.set(ordinal);
      deletedCount++;
      if (!compacting && !retraining && !closed
          && deletedCount >= Math.max(256, COMPACT_FRACTION * encodedCount)) {
        compacting = true;
        activeTasks++;
        task = this::compact;
      }
    }
    if (task != null) {
      execute(task);
    }
    return false;
  }

  /** Caller holds state. The background task now due, marked as started, or null. */
  private Runnable nextTask() {
    if (closed) {
      return null;
    }
    if (model == null) {
      if (!training && !trainFailed && pending.size() >= params.trainMin()) {
        training = true;
        activeTasks++;
        return this::trainFromPending;
      }
      return null;
    }
    if (!encoding && !pending.isEmpty()) {
      encoding = true;
      activeTasks++;
      return this::encodeLoop;
    }
    return null;
  }

  private void execute(Runnable task) {
    try {
      workers.execute(task);
    } catch (RuntimeException e) {
      log.warn("cannot start IVF-PQ background work ({}); pending vectors stay searchable exactly", e.toString());
      synchronized (state) {
        training = encoding = compacting = retraining = false;
        retrainLog = null;
        activeTasks--;
        state.notifyAll();
      }
    }
  }

  private void taskDone() {
    synchronized (state) {
      activeTasks--;
      state.notifyAll();
    }
  }

  /** Trains the quantizers on a sample of the pending vectors, then starts the encoder. */
  private void trainFromPending() {
    try {
      float[] sample;
      int n;
      synchronized (state) {
        List<float[]> all = new ArrayList<>(pending.values());
        n = Math.min(all.size(), params.trainSize());
        sample = new float[n * dim];
        SplittableRandom random = new SplittableRandom(IvfPqModel.SEED);
        for (int i = 0; i < n; i++) {
          int j = i + random.nextInt(all.size() - i);
          float[] v = all.get(j);
          all.set(j, all.get(i));
          System.arraycopy(v, 0, sample, i * dim, dim);
        }
      }
      long start = System.nanoTime();
      IvfPqModel trained = IvfPqModel.train(sample, n, dim, metric, params, parallel, () -> closed);
      long took = System.nanoTime() - start;
      events.onWork(IndexEvents.TRAIN, n, took);
      log.info("IVF-PQ trained on {} vectors (nlist={}, m={}) in {} ms", n, params.nlist(), params.m(),
          took / 1_000_000);
      Runnable next;
      listsLock.writeLock().lock();
      try {
        synchronized (state) {
          lists = new InvertedLists(params.nlist(), params.m());
          model = trained;
          training = false;
          changesSinceSave++;
          next = nextTask();
        }
      } finally {
        listsLock.writeLock().unlock();
      }
      if (next != null) {
        execute(next);
      }
    } catch (CancellationException e) {
      synchronized (state) {
        training = false;
      }
    } catch (RuntimeException | Error e) {
      log.error("IVF-PQ training failed; the collection stays searchable exactly (retrain to try again)", e);
      synchronized (state) {
        training = false;
        trainFailed = true;
      }
    } finally {
      taskDone();
    }
  }

  /** Encoder: moves pending vectors into the lists, a batch at a time, until none is left. */
  private void encodeLoop() {
    try {
      while (true) {
        IvfPqModel current;
        int n;
        int[] ords;
        float[][] vecs;
        synchronized (state) {
          current = model;
          if (closed || current == null || pending.isEmpty()) {
            encoding = false;
            return;
          }
          n = Math.min(ENCODE_BATCH, pending.size());
          ords = new int[n];
          vecs = new float[n][];
          Iterator<Map.Entry<Integer, float[]>> it = pending.entrySet().iterator();
          for (int i = 0; i < n; i++) {
            Map.Entry<Integer, float[]> e = it.next();
            ords[i] = e.getKey();
            vecs[i] = e.getValue();
          }
        }
        long start = System.nanoTime();
        int m = current.m;
        byte[] codes = new byte[n * m];
        int[] listOf = new int[n];
        encode(current, vecs, n, codes, listOf);
        int appended = 0;
        listsLock.writeLock().lock();
        try {
          synchronized (state) {
            if (model != current) {
              continue; // retrained meanwhile: encode again with the new quantizers
            }
            for (int i = 0; i < n; i++) {
              int o = ords[i];
              if (pending.get(o) == vecs[i]) {
                lists.append(listOf[i], o, codes, i * m);
                pending.remove(o);
                encoded.set(o);
                encodedCount++;
                appended++;
              }
            }
            changesSinceSave++;
            state.notifyAll();
          }
        } finally {
          listsLock.writeLock().unlock();
        }
        events.onWork(IndexEvents.ENCODE, appended, System.nanoTime() - start);
      }
    } catch (RuntimeException | Error e) {
      log.error("IVF-PQ encoding failed; unencoded vectors stay searchable exactly", e);
      synchronized (state) {
        encoding = false;
      }
    } finally {
      taskDone();
    }
  }

  /** Encodes {@code vecs[0..n)} in parallel: list numbers to {@code listOf}, codes to {@code codes}. */
  private void encode(IvfPqModel current, float[][] vecs, int n, byte[] codes, int[] listOf) {
    int m = current.m;
    int chunks = Math.max(1, Math.min(n / 64, parallel.threads() * 4));
    parallel.forEach(chunks, chunk -> {
      IvfPqModel.Scratch s = current.newScratch();
      int from = (int) ((long) n * chunk / chunks);
      int to = (int) ((long) n * (chunk + 1) / chunks);
      for (int i = from; i < to; i++) {
        listOf[i] = current.encode(vecs[i], codes, i * m, s);
      }
    });
  }

  /** Rewrites the lists without deleted entries and releases their ordinals. */
  private void compact() {
    BitSet drop;
    int removed;
    long start = System.nanoTime();
    try {
      listsLock.writeLock().lock();
      try {
        synchronized (state) {
          drop = (BitSet) deleted.clone();
        }
        removed = lists == null ? 0 : lists.removeAll(drop);
        synchronized (state) {
          deleted.andNot(drop);
          encoded.andNot(drop);
          int dropped = drop.cardinality();
          deletedCount -= dropped;
          encodedCount -= dropped;
          compacting = false;
          changesSinceSave++;
        }
      } finally {
        listsLock.writeLock().unlock();
      }
      events.onWork(IndexEvents.CONSOLIDATE, removed, System.nanoTime() - start);
      releaser.release(drop.stream().toArray());
    } catch (RuntimeException | Error e) {
      log.error("IVF-PQ compaction failed; deleted entries stay in the lists (never returned)", e);
      synchronized (state) {
        compacting = false;
      }
    } finally {
      taskDone();
    }
  }

  /**
   * Trains new quantizers in the background on a sample of the stored vectors and swaps them
   * in with every point re-encoded; searches use the current ones until then. Before the first
   * training, starts it now if there are at least {@code nlist} points. FAILED_PRECONDITION
   * when a training is already running or there are too few points.
   */
  public void retrain() {
    Runnable task;
    synchronized (state) {
      if (closed) {
        throw StorageException.failedPrecondition("index: closed");
      }
      if (training || retraining) {
        throw StorageException.failedPrecondition("index: a training is already running");
      }
      if (model == null) {
        if (pending.size() < Math.max(params.nlist(), ProductQuantizer.KSUB)) {
          throw StorageException.failedPrecondition("index: IVF_PQ needs at least "
              + Math.max(params.nlist(), ProductQuantizer.KSUB) + " points to train, the collection has " + pending.size());
        }
        trainFailed = false;
        training = true;
        activeTasks++;
        task = this::trainFromPending;
      } else {
        retraining = true;
        retrainLog = new HashMap<>();
        activeTasks++;
        task = this::retrainFromStore;
      }
    }
    execute(task);
  }

  private void retrainFromStore() {
    long start = System.nanoTime();
    try {
      // 1. A uniform sample of the stored vectors (reservoir sampling, seeded).
      int cap = params.trainSize();
      List<float[]> reservoir = new ArrayList<>();
      SplittableRandom random = new SplittableRandom(IvfPqModel.SEED);
      long[] seen = {0};
      stored.scanLive(4096, (ords, vecs, count) -> {
        for (int i = 0; i < count; i++) {
          long s = seen[0]++;
          if (reservoir.size() < cap) {
            reservoir.add(vecs[i]);
          } else {
            long j = random.nextLong(s + 1);
            if (j < cap) {
              reservoir.set((int) j, vecs[i]);
            }
          }
        }
      });
      int n = reservoir.size();
      if (n < Math.max(params.nlist(), ProductQuantizer.KSUB)) {
        throw new IllegalStateException("only " + n + " stored points to train on");
      }
      float[] sample = new float[n * dim];
      for (int i = 0; i < n; i++) {
        System.arraycopy(reservoir.get(i), 0, sample, i * dim, dim);
      }
      reservoir.clear();
      IvfPqModel trained = IvfPqModel.train(sample, n, dim, metric, params, parallel, () -> closed);
      // 2. Every stored point encoded with the new quantizers, into lists nobody sees yet.
      int m = trained.m;
      InvertedLists fresh = new InvertedLists(params.nlist(), m);
      stored.scanLive(ENCODE_BATCH, (ords, vecs, count) -> {
        if (closed) {
          throw new CancellationException();
        }
        byte[] codes = new byte[count * m];
        int[] listOf = new int[count];
        encode(trained, vecs, count, codes, listOf);
        for (int i = 0; i < count; i++) {
          fresh.append(listOf[i], ords[i], codes, i * m);
        }
      });
      // 3. Swap: keep what is still encoded and live; points written meanwhile are re-encoded.
      BitSet released;
      listsLock.writeLock().lock();
      try {
        synchronized (state) {
          InvertedLists next = new InvertedLists(params.nlist(), m);
          BitSet covered = new BitSet();
          byte[] kept = new byte[m];
          for (int l = 0; l < fresh.nlist(); l++) {
            int[] ords = fresh.ordinals(l);
            for (int i = 0; i < fresh.size(l); i++) {
              int o = ords[i];
              if (encoded.get(o) && !deleted.get(o) && !retrainLog.containsKey(o) && !covered.get(o)) {
                fresh.code(l, i, kept, 0);
                next.append(l, o, kept, 0);
                covered.set(o);
              }
            }
          }
          IvfPqModel.Scratch s = trained.newScratch();
          byte[] code = new byte[m];
          for (Map.Entry<Integer, float[]> e : retrainLog.entrySet()) {
            int o = e.getKey();
            if (encoded.get(o) && !deleted.get(o) && !covered.get(o) && !pending.containsKey(o)) {
              next.append(trained.encode(e.getValue(), code, 0, s), o, code, 0);
              covered.set(o);
            }
          }
          BitSet missing = (BitSet) encoded.clone();
          missing.andNot(deleted);
          missing.andNot(covered);
          if (!missing.isEmpty()) {
            // Not expected (the store scan sees every point older than the retrain); they are
            // dropped from the lists and re-read below.
            log.warn("IVF-PQ retrain: {} encoded points were not found in the store scan; re-reading them",
                missing.cardinality());
          }
          released = (BitSet) deleted.clone();
          encoded.clear();
          encoded.or(covered);
          encodedCount = covered.cardinality();
          deleted.clear();
          deletedCount = 0;
          lists = next;
          model = trained;
          retraining = false;
          retrainLog = null;
          changesSinceSave++;
          pendingMissing = missing;
        }
      } finally {
        listsLock.writeLock().unlock();
      }
      BitSet missing = pendingMissing;
      pendingMissing = null;
      if (missing != null && !missing.isEmpty()) {
        int[] ords = missing.stream().toArray();
        float[][] vecs = stored.read(ords, ords.length);
        for (int i = 0; i < ords.length; i++) {
          if (vecs[i] != null) {
            added(ords[i], vecs[i]);
          } else {
            released.set(ords[i]);
          }
        }
      }
      long took = System.nanoTime() - start;
      events.onWork(IndexEvents.TRAIN, n, took);
      log.info("IVF-PQ retrained on {} vectors in {} ms", n, took / 1_000_000);
      if (!released.isEmpty()) {
        releaser.release(released.stream().toArray());
      }
      Runnable next;
      synchronized (state) {
        next = nextTask();
      }
      if (next != null) {
        execute(next);
      }
    } catch (CancellationException e) {
      // closing
    } catch (RuntimeException | Error e) {
      log.error("IVF-PQ retraining failed; the current quantizers stay in use", e);
    } finally {
      synchronized (state) {
        retraining = false;
        retrainLog = null;
      }
      taskDone();
    }
  }

  private final LongAdder probeExpansions = new LongAdder();

  // Only touched by the retraining task (handed from inside the locks to just after them).
  private BitSet pendingMissing;

  /** Per-thread search buffers. */
  private final class SearchScratch {
    IvfPqModel model;
    IvfPqModel.Scratch modelScratch;
    float[] qc = new float[0];
    int[] lists = new int[0];
    float[] base = new float[0];
    float[] queryTable = new float[0];
    float[] table = new float[0];
    float[] residual = new float[0];
    final float[] vector = new float[dim];
    final float[] scores = new float[InvertedLists.BLOCK];
    final short[] sums = new short[InvertedLists.BLOCK];
    final QuantizedTable quantized = new QuantizedTable();
    /** Whether this search scans with {@link #quantized} (read once per search, see {@link #quantizedScan}). */
    boolean scanQuantized;
    final CandidateQueue queue = new CandidateQueue();
    int[] candidates = new int[0];

    void prepare(IvfPqModel m) {
      if (model != m) {
        model = m;
        modelScratch = m.newScratch();
        qc = new float[m.nlist];
        lists = new int[m.nlist];
        base = new float[m.nlist];
        queryTable = new float[m.m * ProductQuantizer.KSUB];
        table = new float[m.m * ProductQuantizer.KSUB];
        residual = new float[m.dim];
      }
    }
  }

  @Override
  public List<SearchHit> search(float[] query, int k, SearchParams request, BitSet accept, int ordinalLimit,
      TopKCollector.TieBreaker ties) {
    int refine = request.refine() > 0 ? request.refine() : params.refine();
    TopKCollector top = new TopKCollector(k, metric.higherIsBetter(), ties);
    listsLock.readLock().lock();
    try {
      IvfPqModel current = model;
      int[] pendingOrdinals;
      float[][] pendingVectors;
      synchronized (state) {
        pendingOrdinals = new int[pending.size()];
        pendingVectors = new float[pending.size()][];
        int i = 0;
        for (Map.Entry<Integer, float[]> e : pending.entrySet()) {
          pendingOrdinals[i] = e.getKey();
          pendingVectors[i++] = e.getValue();
        }
      }
      if (current != null && lists.total() > 0) {
        int nprobe = Math.min(current.nlist, request.nprobe() > 0 ? request.nprobe() : params.nprobe());
        SearchScratch s = scratch.get();
        s.prepare(current);
        int candidates = (int) Math.min((long) refine * k, Integer.MAX_VALUE - 8);
        scanLists(current, lists, query, nprobe, candidates, accept, s);
        int n = s.queue.size();
        if (s.candidates.length < n) {
          s.candidates = new int[n];
        }
        for (int i = 0; i < n; i++) {
          s.candidates[i] = s.queue.ordinalAt(i);
        }
        scoreFromFileOrStore(query, s.candidates, n, s.vector, top::offer);
      }
      for (int i = 0; i < pendingOrdinals.length; i++) {
        if (accept.get(pendingOrdinals[i])) {
          top.offer(pendingOrdinals[i], metric.score(query, pendingVectors[i]));
        }
      }
    } finally {
      listsLock.readLock().unlock();
    }
    return top.drainBestFirst();
  }

  /** Receives one exactly scored ordinal. */
  @FunctionalInterface
  public interface ScoreSink {
    void accept(int ordinal, float score);
  }

  /**
   * Scores {@code ordinals[0 .. count)} exactly (the metric's score) into {@code sink}, reading
   * their vectors as a re-rank does (see {@link #scoreFromFileOrStore}). For the collection's
   * exact plan over a filter's matches; the caller holds the collection's read lock. Reorders
   * {@code ordinals}.
   */
  public void scoreExactly(float[] query, int[] ordinals, int count, ScoreSink sink) {
    scoreFromFileOrStore(query, ordinals, count, new float[dim], sink);
  }

  /**
   * Scores the {@code count} ordinals exactly into {@code sink}: from the re-rank file where it
   * has them, the rest in one read from the store (which then fills the file); ordinals with
   * no live point are skipped. Both paths score a heap copy ({@code vector}, a buffer of the
   * dimension) with the same kernel, so a score never depends on where its vector came from.
   * Moves the misses to the front of {@code ordinals}.
   */
  private void scoreFromFileOrStore(float[] query, int[] ordinals, int count, float[] vector, ScoreSink sink) {
    int misses = 0;
    for (int i = 0; i < count; i++) {
      int o = ordinals[i];
      if (rerank != null && rerank.read(o, vector)) {
        sink.accept(o, metric.score(query, vector));
      } else {
        ordinals[misses++] = o;
      }
    }
    if (misses == 0) {
      return;
    }
    float[][] vectors = stored.read(ordinals, misses);
    for (int i = 0; i < misses; i++) {
      if (vectors[i] != null) {
        sink.accept(ordinals[i], metric.score(query, vectors[i]));
        if (rerank != null) {
          rerank.fill(ordinals[i], vectors[i]);
        }
      }
    }
  }

  /**
   * Fills {@code s.queue} with the best {@code candidates} accepted codes of the nearest
   * {@code nprobe} lists; when those lists hold fewer accepted codes than that (a selective
   * filter, or lists thinned by deletes), probes on, doubling the number of lists each round,
   * until the queue is full or every list has been scanned. So a search whose accept-set
   * holds at least {@code k} encoded points finds at least {@code k} candidates.
   */
  private void scanLists(IvfPqModel current, InvertedLists ls, float[] q, int nprobe, int candidates, BitSet accept,
      SearchScratch s) {
    int ts = current.m * ProductQuantizer.KSUB;
    boolean l2 = metric == VectorSimilarity.L2;
    float qNorm = l2 ? VectorUtil.dotProduct(q, q) : 0f;
    current.centroidDots(q, s.qc);
    boolean residualTables = l2 && current.precomputed == null;
    s.scanQuantized = quantizedScan();
    if (!residualTables) {
      current.pq.innerProductTable(q, 0, s.queryTable, s.modelScratch.sub);
      float factor = l2 ? -2f : -1f;
      for (int i = 0; i < ts; i++) {
        s.queryTable[i] *= factor;
      }
      if (!l2 && s.scanQuantized) {
        s.quantized.quantize(s.queryTable, current.m);
      }
    }
    CandidateQueue queue = s.queue;
    queue.reset(candidates);
    int probed = 0;
    int want = nprobe;
    while (true) {
      current.probe(qNorm, want, s.qc, s.lists, s.base);
      for (int p = probed; p < want; p++) {
        scanList(current, ls, q, s.lists[p], s.base[p], residualTables, accept, s);
      }
      probed = want;
      if (queue.size() >= candidates || probed == current.nlist) {
        return;
      }
      probeExpansions.increment();
      want = (int) Math.min(current.nlist, 2L * probed);
    }
  }

  /** Scores list {@code l}'s codes and offers the accepted ones to {@code s.queue}. */
  private void scanList(IvfPqModel current, InvertedLists ls, float[] q, int l, float base, boolean residualTables,
      BitSet accept, SearchScratch s) {
    int size = ls.size(l);
    if (size == 0) {
      return;
    }
    int m = current.m;
    int ts = m * ProductQuantizer.KSUB;
    float[] table;
    if (metric != VectorSimilarity.L2) {
      table = s.queryTable;
    } else if (!residualTables) {
      float[] pre = current.precomputed;
      float[] qt = s.queryTable;
      float[] t = s.table;
      int off = l * ts;
      for (int i = 0; i < ts; i++) {
        t[i] = pre[off + i] + qt[i];
      }
      table = t;
    } else {
      for (int i = 0; i < dim; i++) {
        s.residual[i] = q[i] - current.centroids[l * dim + i];
      }
      current.pq.distanceTable(s.residual, 0, s.table, s.modelScratch.sub);
      base = 0f;
      table = s.table;
    }
    if (metric != VectorSimilarity.L2 && s.scanQuantized) {
      scanQuantized(ls, l, m, base, accept, s);
    } else if (s.scanQuantized && size >= QUANTIZE_LIST_MIN) {
      s.quantized.quantize(table, m);
      scanQuantized(ls, l, m, base, accept, s);
    } else {
      scanFloats(ls, l, m, table, base, accept, s);
    }
  }

  /**
   * Whether list scans sum byte-quantized tables with {@link VectorUtil#pqLookupSumQuantized}
   * (where that kernel runs on in-register shuffles) rather than float tables with gathers.
   */
  static boolean quantizedScan() {
    return QUANTIZED_SCAN && VectorUtil.fastQuantizedPqLookup();
  }

  /**
   * Whether list scans may use byte-quantized tables (see {@link #quantizedScan}). On wherever
   * the kernel is fast; tests and benchmarks switch it off to compare with the float scan.
   */
  public static volatile boolean QUANTIZED_SCAN = true;

  /**
   * The smallest list whose own (L2) table is worth quantizing: quantizing m x 256 entries
   * (about 0.14 ns each, JMH on the AVX-512 machine) costs about as much as scoring 128 codes
   * with the float gathers (about 0.3 ns per code and sub-quantizer), while the quantized scan
   * itself is about 15x cheaper per code. A table shared by all lists (inner product, cosine) is
   * quantized once per search and always pays.
   */
  static final int QUANTIZE_LIST_MIN = 128;

  /** The float scan: exact table sums, one gather per sub-quantizer and 16 codes. */
  private void scanFloats(InvertedLists ls, int l, int m, float[] table, float base, BitSet accept, SearchScratch s) {
    int size = ls.size(l);
    byte[] codes = ls.codes(l);
    int[] ords = ls.ordinals(l);
    float[] scores = s.scores;
    CandidateQueue queue = s.queue;
    float threshold = queue.threshold();
    // Whole interleaved blocks; the last one's lanes past size are scored and ignored.
    for (int from = 0, at = 0; from < size; from += InvertedLists.BLOCK, at += InvertedLists.BLOCK * m) {
      VectorUtil.pqLookupSumInterleaved(table, codes, at, m, scores);
      int count = Math.min(InvertedLists.BLOCK, size - from);
      for (int i = 0; i < count; i++) {
        threshold = offer(queue, accept, ords, from + i, base + scores[i], threshold);
      }
    }
  }

  /**
   * The quantized scan over {@code s.quantized}: the kernel returns, per block, the mask of codes
   * whose sum can still enter the queue, so only those are looked at; their estimates are then
   * compared as floats, like the float scan's.
   */
  private void scanQuantized(InvertedLists ls, int l, int m, float base, BitSet accept, SearchScratch s) {
    int size = ls.size(l);
    byte[] codes = ls.codes(l);
    int[] ords = ls.ordinals(l);
    short[] sums = s.sums;
    QuantizedTable table = s.quantized;
    CandidateQueue queue = s.queue;
    float threshold = queue.threshold();
    int maxSum = table.maxSumBelow(base, threshold);
    for (int from = 0, at = 0; from < size && maxSum >= 0; from += InvertedLists.BLOCK, at += InvertedLists.BLOCK * m) {
      long under = VectorUtil.pqLookupSumQuantized(table.entries(), codes, at, m, maxSum, sums);
      int count = size - from;
      if (count < InvertedLists.BLOCK) {
        under &= (1L << count) - 1;
      }
      for (; under != 0; under &= under - 1) {
        int i = Long.numberOfTrailingZeros(under);
        threshold = offer(queue, accept, ords, from + i, table.estimate(base, sums[i] & 0xFFFF), threshold);
      }
      maxSum = table.maxSumBelow(base, threshold);
    }
  }

  /**
   * Pushes entry {@code at} of a list ({@code ords[at]}) at {@code distance} when that is below
   * {@code threshold} and the ordinal is accepted; returns the queue's threshold afterwards. The
   * ordinal is read only for a distance that can enter.
   */
  private static float offer(CandidateQueue queue, BitSet accept, int[] ords, int at, float distance,
      float threshold) {
    if (distance < threshold) {
      int o = ords[at];
      if (accept.get(o)) {
        queue.push(distance, o);
        return queue.threshold();
      }
    }
    return threshold;
  }

  /** Searches that probed more lists than asked because too few accepted codes were found. */
  public long probeExpansions() {
    return probeExpansions.sum();
  }

  /** Whether training, encoding, retraining or compaction is under way or due. */
  @Override
  public boolean indexing() {
    synchronized (state) {
      return busy();
    }
  }

  private boolean busy() {
    return training || encoding || compacting || retraining || (model != null && !pending.isEmpty());
  }

  /** Waits until no background work is running or due; returns whether that happened in time. */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (state) {
      while (busy() && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(state, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
      return !busy();
    }
  }

  /** Whether the quantizers are trained. */
  public boolean trained() {
    return model != null;
  }

  /** Points the current quantizers were trained on (0 before training). */
  public int trainedPoints() {
    IvfPqModel m = model;
    return m == null ? 0 : m.trainedPoints;
  }

  /** Whether the index is training or retraining now. */
  public boolean trainingNow() {
    synchronized (state) {
      return training || retraining;
    }
  }

  /** Vectors waiting to be encoded (all of them before training). */
  public int pendingCount() {
    synchronized (state) {
      return pending.size();
    }
  }

  /** Deleted entries still in the lists. */
  public int deletedCount() {
    synchronized (state) {
      return deletedCount;
    }
  }

  /** Entries in the lists (deleted ones included). */
  public long encodedCount() {
    synchronized (state) {
      return encodedCount;
    }
  }

  /** Whether the index changed since the last save. */
  public boolean dirty() {
    synchronized (state) {
      return changesSinceSave > 0;
    }
  }

  /** Ordinal labels for a save: id in key form (null for none) and write sequence. */
  public interface Labels {
    byte[] idBytes(int ordinal);

    long seq(int ordinal);
  }

  /**
   * Saves quantizers and lists to {@code file} (nothing before training). {@code labels} is
   * asked first, under the collection's lock; entries whose ordinal changed owner afterwards
   * carry the old label and are dropped at load, since their write sequence no longer matches.
   */
  public void save(Path file, Supplier<Labels> labels) throws IOException {
    if (model == null) {
      return;
    }
    long changes;
    synchronized (state) {
      changes = changesSinceSave;
    }
    Labels snapshot = labels.get();
    long start = System.nanoTime();
    long written;
    listsLock.readLock().lock();
    try {
      BitSet skip;
      synchronized (state) {
        skip = (BitSet) deleted.clone();
      }
      written = IvfPqFormat.write(file, dim, metric, model, lists, skip, snapshot);
    } finally {
      listsLock.readLock().unlock();
    }
    synchronized (state) {
      changesSinceSave -= changes;
    }
    events.onWork(IndexEvents.SAVE, (int) Math.min(Integer.MAX_VALUE, written), System.nanoTime() - start);
  }

  @Override
  public long ramBytesUsed() {
    long bytes = 0;
    listsLock.readLock().lock();
    try {
      IvfPqModel m = model;
      if (m != null) {
        bytes += m.ramBytesUsed();
      }
      if (lists != null) {
        bytes += lists.ramBytesUsed();
      }
    } finally {
      listsLock.readLock().unlock();
    }
    synchronized (state) {
      bytes += encoded.size() / 8 + deleted.size() / 8;
      bytes += (long) pending.size() * (4L * dim + 16 + 64);
    }
    return bytes;
  }

  /** Bytes per encoded vector in the lists (codes, ordinal and slack), for reports. */
  public double listBytesPerVector() {
    listsLock.readLock().lock();
    try {
      return lists == null || lists.total() == 0 ? 0 : (double) lists.ramBytesUsed() / lists.total();
    } finally {
      listsLock.readLock().unlock();
    }
  }

  /** Stops background work; pending vectors stay unencoded (they are encoded at the next start). */
  @Override
  public void close() {
    synchronized (state) {
      closed = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (activeTasks > 0 && System.nanoTime() < deadline) {
        try {
          state.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (rerank != null) {
      rerank.close();
    }
  }

  /** Bytes of the re-rank file mapped so far (page cache and disk, not heap); 0 without one. */
  public long rerankFileBytes() {
    return rerank == null ? 0 : rerank.mappedBytes();
  }
}
