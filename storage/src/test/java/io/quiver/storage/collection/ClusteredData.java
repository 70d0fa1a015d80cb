package io.quiver.storage.collection;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded clustered vectors: Gaussian blobs around random centres, like real embeddings. */
public final class ClusteredData {
  private final float[][] centers;
  private final Random random;
  private final int dim;

  public ClusteredData(long seed, int clusters, int dim) {
    this.random = new Random(seed);
    this.dim = dim;
    this.centers = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centers[c] = TestData.randomVector(random, dim);
    }
  }

  public float[] next() {
    float[] center = centers[random.nextInt(centers.length)];
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = center[i] + 0.35f * (float) random.nextGaussian();
    }
    return v;
  }

  /** {@code n} query vectors drawn like the points. */
  public List<float[]> queries(int n) {
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  public List<Point> points(long firstId, int n) {
    List<Point> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Point(PointId.of(firstId + i), next(), null));
    }
    return out;
  }
}
