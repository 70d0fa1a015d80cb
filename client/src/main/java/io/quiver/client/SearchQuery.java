package io.quiver.client;

import java.util.Objects;

/**
 * One nearest-neighbour query: the vector, how many hits, and which knobs to turn.
 *
 * <pre>{@code
 * SearchQuery query = SearchQuery.builder(vector).limit(5).withPayload().build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the vector is copied when the query is built.
 */
public final class SearchQuery {

  /** The number of hits when {@link Builder#limit} is not called. */
  public static final int DEFAULT_LIMIT = 10;

  private final float[] vector;
  private final int limit;
  private final Float scoreThreshold;
  private final Include include;
  private final int ef;
  private final int nprobe;
  private final int refine;
  private final boolean exact;
  private final Filter filter;

  private SearchQuery(Builder b) {
    this.vector = b.vector.clone();
    this.limit = b.limit;
    this.scoreThreshold = b.scoreThreshold;
    this.include = Include.of(b.withPayload, b.withVector);
    this.ef = b.ef;
    this.nprobe = b.nprobe;
    this.refine = b.refine;
    this.exact = b.exact;
    this.filter = b.filter;
  }

  /** The filter, or null. */
  public Filter filter() {
    return filter;
  }

  /** Starts a query for the given vector (its dimension must match the collection's). */
  public static Builder builder(float[] vector) {
    return new Builder(vector);
  }

  /** Starts a query for a vector given as a list of numbers (converted to {@code float}). */
  public static Builder builder(java.util.List<? extends Number> vector) {
    return new Builder(Point.toFloats(vector));
  }

  /** A query for the {@code limit} nearest points, returning ids and scores only. */
  public static SearchQuery of(float[] vector, int limit) {
    return builder(vector).limit(limit).build();
  }

  /** A copy of the query vector. */
  public float[] vector() {
    return vector.clone();
  }

  float[] vectorNoCopy() {
    return vector;
  }

  /** k: the number of hits asked for. */
  public int limit() {
    return limit;
  }

  /** The score threshold, or {@code null} for none. */
  public Float scoreThreshold() {
    return scoreThreshold;
  }

  /** Which parts of each hit are returned besides id and score. */
  public Include include() {
    return include;
  }

  /** HNSW candidate list size; 0 means the collection's default. */
  public int ef() {
    return ef;
  }

  /** IVF lists to probe; 0 means the collection's default. */
  public int nprobe() {
    return nprobe;
  }

  /** IVF-PQ re-rank factor; 0 means the collection's default. */
  public int refine() {
    return refine;
  }

  /** Whether the index is bypassed for an exact scan. */
  public boolean exact() {
    return exact;
  }

  /** Builds a {@link SearchQuery}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private final float[] vector;
    private int limit = DEFAULT_LIMIT;
    private Float scoreThreshold;
    private boolean withPayload;
    private boolean withVector;
    private int ef;
    private int nprobe;
    private int refine;
    private boolean exact;
    private Filter filter;

    private Builder(float[] vector) {
      this.vector = Objects.requireNonNull(vector, "vector");
    }

    /**
     * k: how many hits to return, at least 1 (the server caps it; 1000 by default).
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public Builder limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, got " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Keeps only hits at least this good: score {@code >=} threshold for COSINE and DOT,
     * distance {@code <=} threshold for L2.
     */
    public Builder scoreThreshold(float threshold) {
      this.scoreThreshold = threshold;
      return this;
    }

    /** Returns each hit's payload. */
    public Builder withPayload() {
      this.withPayload = true;
      return this;
    }

    /** Returns each hit's stored vector. */
    public Builder withVector() {
      this.withVector = true;
      return this;
    }

    /**
     * HNSW: size of the dynamic candidate list; larger is slower and more accurate. 0 (the
     * default) uses the collection's setting. Ignored by other indexes.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder ef(int ef) {
      this.ef = requireNonNegative(ef, "ef");
      return this;
    }

    /**
     * IVF: number of inverted lists to probe; larger is slower and more accurate. 0 (the
     * default) uses the collection's setting. Ignored by other indexes.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder nprobe(int nprobe) {
      this.nprobe = requireNonNegative(nprobe, "nprobe");
      return this;
    }

    /**
     * IVF-PQ: re-rank factor; {@code refine * limit} candidates are taken by their compressed
     * code and re-scored exactly. Larger is slower and more accurate. 0 (the default) uses the
     * collection's setting. Ignored by other indexes.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder refine(int refine) {
      this.refine = requireNonNegative(refine, "refine");
      return this;
    }

    /** Bypasses the index and scans every point exactly. */
    public Builder exact() {
      this.exact = true;
      return this;
    }

    /** The query; the vector is copied now. */
    /** Only points that match {@code filter}; null for none. */
    public Builder filter(Filter filter) {
      this.filter = filter;
      return this;
    }

    public SearchQuery build() {
      return new SearchQuery(this);
    }

    private static int requireNonNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
      return value;
    }
  }
}
