package io.quiver.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/** Writes small TEXMEX datasets for tests, with brute-force ground truth. */
public final class TestDatasets {
  private TestDatasets() {}

  /** Writes an fvecs file. */
  public static void writeFvecs(Path file, float[][] vectors) throws IOException {
    int dim = vectors.length == 0 ? 0 : vectors[0].length;
    ByteBuffer b = ByteBuffer.allocate(vectors.length * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] v : vectors) {
      b.putInt(v.length);
      for (float x : v) {
        b.putFloat(x);
      }
    }
    Files.write(file, b.array());
  }

  /** Writes an ivecs file. */
  public static void writeIvecs(Path file, int[][] vectors) throws IOException {
    int dim = vectors.length == 0 ? 0 : vectors[0].length;
    ByteBuffer b = ByteBuffer.allocate(vectors.length * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] v : vectors) {
      b.putInt(v.length);
      for (int x : v) {
        b.putInt(x);
      }
    }
    Files.write(file, b.array());
  }

  /** Seeded random vectors with components in [-1, 1). */
  public static float[][] random(int n, int dim, long seed) {
    Random r = new Random(seed);
    float[][] out = new float[n][dim];
    for (float[] v : out) {
      for (int i = 0; i < dim; i++) {
        v[i] = r.nextFloat() * 2 - 1;
      }
    }
    return out;
  }

  /** Distance under {@code metric} ("l2" squared distance, "cosine" 1 - cos), smaller is nearer; float64. */
  public static double distance(String metric, float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    double l2 = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
      double d = (double) a[i] - b[i];
      l2 += d * d;
    }
    return metric.equals("l2") ? l2 : 1 - dot / Math.sqrt(na * nb);
  }

  /** The {@code depth} nearest base rows to {@code q} among rows passing {@code accept}, nearest first. */
  public static int[] nearest(String metric, float[][] base, float[] q, int depth, IntPredicate accept) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < base.length; i++) {
      if (accept.test(i)) {
        rows.add(i);
      }
    }
    double[] d = new double[base.length];
    for (int i : rows) {
      d[i] = distance(metric, base[i], q);
    }
    rows.sort(Comparator.<Integer>comparingDouble(i -> d[i]).thenComparingInt(i -> i));
    int[] out = new int[depth];
    Arrays.fill(out, -1);
    for (int i = 0; i < Math.min(depth, rows.size()); i++) {
      out[i] = rows.get(i);
    }
    return out;
  }

  /**
   * Writes a complete dataset into {@code dir}: {@code n} base vectors of {@code dim}
   * components, {@code nq} queries, top-{@code depth} ground truth, a README naming the
   * metric, {@code base.meta.jsonl} ({@code {"id": i, "label": i % 10}}) and
   * {@code filtered_queries.jsonl} (query i filtered to {@code label == i % 10}, 10% of the base).
   */
  public static Path write(Path dir, String metric, int n, int nq, int dim, int depth, long seed) throws IOException {
    Files.createDirectories(dir);
    float[][] base = random(n, dim, seed);
    float[][] queries = random(nq, dim, seed + 1);
    int[][] gt = new int[nq][];
    for (int q = 0; q < nq; q++) {
      gt[q] = nearest(metric, base, queries[q], depth, i -> true);
    }
    writeFvecs(dir.resolve("base.fvecs"), base);
    writeFvecs(dir.resolve("query.fvecs"), queries);
    writeIvecs(dir.resolve("groundtruth.ivecs"), gt);
    Files.writeString(dir.resolve("README.md"), "# generated\n\n| item | value |\n|---|---|\n| metric | **"
        + metric + "** (generated for a test) |\n");
    StringBuilder meta = new StringBuilder();
    for (int i = 0; i < n; i++) {
      meta.append("{\"id\": ").append(i).append(", \"label\": ").append(i % 10)
          .append(", \"name\": \"row ").append(i).append("\", \"score\": ").append(i * 0.5).append("}\n");
    }
    Files.writeString(dir.resolve("base.meta.jsonl"), meta, StandardCharsets.UTF_8);
    StringBuilder fq = new StringBuilder();
    for (int q = 0; q < nq; q++) {
      int label = q % 10;
      int[] nb = nearest(metric, base, queries[q], depth, i -> i % 10 == label);
      fq.append("{\"query\": ").append(q).append(", \"filter\": {\"label\": ").append(label)
          .append("}, \"target_selectivity\": \"10%\", \"selectivity\": 0.1, \"neighbors\": ")
          .append(Arrays.toString(Arrays.stream(nb).filter(x -> x >= 0).toArray())).append("}\n");
    }
    Files.writeString(dir.resolve("filtered_queries.jsonl"), fq, StandardCharsets.UTF_8);
    return dir;
  }
}
