package io.quiver.storage.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.vector.VectorUtil;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ProductQuantizerTest {
  private static final int DIM = 32;
  private static final int M = 8;

  @Test
  void roundTripErrorIsSmallNextToTheDataSpread() {
    int n = 5000;
    float[] data = KMeansTest.clustered(11, n, DIM);
    ProductQuantizer pq = ProductQuantizer.train(data, n, DIM, M, 20, 1, Parallel.SERIAL, () -> false);
    float[] test = KMeansTest.clustered(12, 500, DIM);
    float[] mean = new float[DIM];
    for (int i = 0; i < 500; i++) {
      for (int t = 0; t < DIM; t++) {
        mean[t] += test[i * DIM + t] / 500;
      }
    }
    CentroidTable.Scratch s = pq.newScratch();
    byte[] code = new byte[M];
    float[] back = new float[DIM];
    double err = 0;
    double spread = 0;
    double randomErr = 0;
    Random r = new Random(3);
    for (int i = 0; i < 500; i++) {
      pq.encode(test, i * DIM, code, 0, s);
      pq.decode(code, 0, back, 0);
      err += VectorUtil.squareDistance(test, i * DIM, back, 0, DIM);
      spread += VectorUtil.squareDistance(test, i * DIM, mean, 0, DIM);
      r.nextBytes(code);
      pq.decode(code, 0, back, 0);
      randomErr += VectorUtil.squareDistance(test, i * DIM, back, 0, DIM);
    }
    assertThat(err / spread).as("relative PQ error").isLessThan(0.25);
    assertThat(err).as("well below a random code").isLessThan(0.1 * randomErr);
  }

  @Test
  void tablesScoreCodesLikeTheDecodedVectors() {
    int n = 2000;
    float[] data = KMeansTest.clustered(13, n, DIM);
    ProductQuantizer pq = ProductQuantizer.train(data, n, DIM, M, 10, 2, Parallel.SERIAL, () -> false);
    float[] q = KMeansTest.clustered(14, 1, DIM);
    float[] ip = new float[M * 256];
    float[] l2 = new float[M * 256];
    CentroidTable.Scratch s = pq.newScratch();
    pq.innerProductTable(q, 0, ip, s);
    pq.distanceTable(q, 0, l2, s);
    byte[] code = new byte[M];
    float[] back = new float[DIM];
    for (int i = 0; i < 100; i++) {
      pq.encode(data, i * DIM, code, 0, s);
      pq.decode(code, 0, back, 0);
      assertThat(VectorUtil.pqLookupSum(ip, code, 0, M)).isCloseTo(VectorUtil.dotProduct(q, back), Offset.offset(1e-3f));
      assertThat(VectorUtil.pqLookupSum(l2, code, 0, M))
          .isCloseTo(VectorUtil.squareDistance(q, back), Offset.offset(1e-3f * (1 + VectorUtil.squareDistance(q, back))));
    }
  }

  @Test
  void mMustDivideTheDimension() {
    assertThatThrownBy(() -> new ProductQuantizer(30, 8, new float[0])).hasMessageContaining("must divide");
  }
}
