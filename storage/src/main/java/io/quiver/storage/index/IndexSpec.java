package io.quiver.storage.index;

import io.quiver.storage.StorageException;
import io.quiver.storage.index.hnsw.HnswParams;
import io.quiver.storage.index.ivf.IvfPqParams;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A collection's index, parsed from a factory string such as {@code "FLAT"} or
 * {@code "HNSW(m=16, ef_construction=200)"}: a kind name, optionally followed by
 * parenthesised {@code key=integer} parameters. Immutable and thread-safe.
 *
 * <p>Kinds this build serves: {@link Kind#FLAT} (exact scan), {@link Kind#HNSW} and
 * {@link Kind#IVF_PQ}. Unknown kinds are rejected with a message listing the known ones. Parsing fills in defaults, so the canonical
 * string ({@link #toString()}) names every parameter.
 */
public record IndexSpec(Kind kind, Map<String, Integer> params) {
  /** Index families. */
  public enum Kind {
    /** Exact scan over every vector. No parameters. */
    FLAT,
    /** Hierarchical navigable small-world graph: {@code m}, {@code ef_construction}, {@code ef}. */
    HNSW,
    /**
     * Inverted file with product-quantized residuals and exact re-ranking: {@code nlist},
     * {@code m}, {@code nbits}, {@code nprobe}, {@code refine}, {@code train_min},
     * {@code train_size} (see {@link IvfPqParams}).
     */
    IVF_PQ
  }

  private static final Pattern SPEC = Pattern.compile("\\s*([A-Za-z_]+)\\s*(?:\\((.*)\\))?\\s*");
  private static final Pattern PARAM = Pattern.compile("\\s*([a-z_]+)\\s*=\\s*(\\d{1,9})\\s*");

  /** The default spec, an exact scan. */
  public static final IndexSpec FLAT = new IndexSpec(Kind.FLAT, Map.of());

  public IndexSpec {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The HNSW parameters of an {@link Kind#HNSW} spec. */
  public HnswParams hnsw() {
    if (kind != Kind.HNSW) {
      throw new IllegalStateException("not an HNSW spec: " + this);
    }
    return HnswParams.from(params);
  }

  /** The IVF-PQ parameters of an {@link Kind#IVF_PQ} spec. */
  public IvfPqParams ivfPq() {
    if (kind != Kind.IVF_PQ) {
      throw new IllegalStateException("not an IVF_PQ spec: " + this);
    }
    return IvfPqParams.from(params);
  }

  /**
   * Checks what depends on the collection's dimension (INVALID_ARGUMENT naming both): IVF_PQ's
   * {@code m} must divide it.
   */
  public void checkDimension(int dimension) {
    if (kind == Kind.IVF_PQ) {
      ivfPq().checkDimension(dimension);
    }
  }

  /** Parses a factory string; an empty or blank string means {@link #FLAT}. */
  public static IndexSpec parse(String text) {
    if (text == null || text.isBlank()) {
      return FLAT;
    }
    Matcher m = SPEC.matcher(text);
    if (!m.matches()) {
      throw StorageException.invalid("index: cannot parse '" + text
          + "'; expected NAME or NAME(key=value, ...), e.g. FLAT");
    }
    String name = m.group(1).toUpperCase(Locale.ROOT);
    Map<String, Integer> params = new LinkedHashMap<>();
    if (m.group(2) != null && !m.group(2).isBlank()) {
      for (String part : m.group(2).split(",")) {
        Matcher p = PARAM.matcher(part);
        if (!p.matches()) {
          throw StorageException.invalid("index: bad parameter '" + part.trim() + "' in '" + text
              + "'; expected key=non-negative integer");
        }
        params.put(p.group(1), Integer.parseInt(p.group(2)));
      }
    }
    return switch (name) {
      case "FLAT" -> {
        if (!params.isEmpty()) {
          throw StorageException.invalid("index: FLAT takes no parameters, got " + params.keySet());
        }
        yield FLAT;
      }
      case "HNSW" -> {
        HnswParams p = HnswParams.from(params);
        Map<String, Integer> full = new LinkedHashMap<>();
        full.put("m", p.m());
        full.put("ef_construction", p.efConstruction());
        full.put("ef", p.ef());
        yield new IndexSpec(Kind.HNSW, full);
      }
      case "IVF_PQ" -> new IndexSpec(Kind.IVF_PQ, IvfPqParams.from(params).toSpec());
      default -> throw StorageException.invalid("index: unknown index kind '" + m.group(1)
          + "'; known: FLAT, HNSW, IVF_PQ");
    };
  }

  /** The canonical factory string, e.g. {@code FLAT} or {@code HNSW(m=16, ef_construction=200)}. */
  @Override
  public String toString() {
    if (params.isEmpty()) {
      return kind.name();
    }
    StringBuilder sb = new StringBuilder(kind.name()).append('(');
    params.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ")
        .append(k).append('=').append(v));
    return sb.append(')').toString();
  }
}
