package io.quiver.server.support;

import io.quiver.proto.v1.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Seeded vectors and a double-precision brute-force search that the server must agree with. */
public final class Oracle {
  private Oracle() {}

  public static float[] randomVector(Random r, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  public static float[] prepared(Metric metric, float[] v) {
    if (metric != Metric.COSINE) {
      return v;
    }
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }

  public static double score(Metric metric, float[] q, float[] v) {
    double s = 0;
    for (int i = 0; i < q.length; i++) {
      s += metric == Metric.L2 ? (double) (q[i] - v[i]) * (q[i] - v[i]) : (double) q[i] * v[i];
    }
    return s;
  }

  /** Indices of the k best of {@code stored} for {@code query}, ties by index. */
  public static List<Integer> topK(Metric metric, List<float[]> stored, float[] query, int k, double[] scoresOut) {
    float[] q = prepared(metric, query);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      order.add(i);
      scoresOut[i] = score(metric, q, prepared(metric, stored.get(i)));
    }
    Comparator<Integer> best = metric == Metric.L2
        ? Comparator.comparingDouble(i -> scoresOut[i]) : Comparator.comparingDouble(i -> -scoresOut[i]);
    order.sort(best.thenComparing(i -> i));
    return order.subList(0, Math.min(k, order.size()));
  }
}
