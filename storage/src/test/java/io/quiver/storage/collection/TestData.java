package io.quiver.storage.collection;

import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import io.quiver.storage.vector.VectorSimilarity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded random points and an independent brute-force oracle for tests. */
public final class TestData {
  private TestData() {}

  public static float[] randomVector(Random r, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** {@code n} points with numeric ids 0..n-1 and a small payload. */
  public static List<Point> points(long seed, int n, int dim) {
    Random r = new Random(seed);
    List<Point> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Point(PointId.of(i), randomVector(r, dim), new Payload(Map.of(
          "i", new PayloadValue.Int(i), "tag", new PayloadValue.Text("t" + (i % 7))))));
    }
    return out;
  }

  /** Score in double precision, as the metric defines it (vectors already normalised for COSINE). */
  public static double exactScore(VectorSimilarity metric, float[] q, float[] v) {
    double s = 0;
    for (int i = 0; i < q.length; i++) {
      s += metric == VectorSimilarity.L2 ? (double) (q[i] - v[i]) * (q[i] - v[i]) : (double) q[i] * v[i];
    }
    return s;
  }

  public static float[] normalized(float[] v) {
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
}
