package io.quiver.storage.index.ivf;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.vector.VectorUtil;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The interleaved code layout against a plain model: after random appends and removals each
 * entry reads back its own code and ordinal, in order, and scanning the blocks with the
 * interleaved kernel scores every entry exactly as the single-code kernel does.
 */
class InvertedListsTest {
  private record Entry(int ordinal, byte[] code) {}

  @Test
  void appendsAndRemovalsKeepEveryCodeInPlace() {
    int m = 12;
    int nlist = 3;
    Random random = new Random(4);
    InvertedLists lists = new InvertedLists(nlist, m);
    List<List<Entry>> model = new ArrayList<>();
    for (int l = 0; l < nlist; l++) {
      model.add(new ArrayList<>());
    }
    int nextOrdinal = 0;
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 150; i++) {
        int l = random.nextInt(nlist);
        byte[] code = new byte[m + 2];
        random.nextBytes(code);
        lists.append(l, nextOrdinal, code, 2);
        model.get(l).add(new Entry(nextOrdinal++, java.util.Arrays.copyOfRange(code, 2, m + 2)));
      }
      BitSet drop = new BitSet();
      for (int o = 0; o < nextOrdinal; o++) {
        if (random.nextInt(3) == 0) {
          drop.set(o);
        }
      }
      int expectedRemoved = 0;
      for (List<Entry> entries : model) {
        int before = entries.size();
        entries.removeIf(e -> drop.get(e.ordinal()));
        expectedRemoved += before - entries.size();
      }
      assertThat(lists.removeAll(drop)).isEqualTo(expectedRemoved);
      assertMatches(lists, model, m);
    }
  }

  /** The memory bound: at most m + 16 bytes per entry, beyond a block of slack per list. */
  @Test
  void listsStayWithinMPlus16BytesPerEntry() {
    Random random = new Random(6);
    for (int m : new int[] {8, 32, 48, 96, 188}) {
      int nlist = 16;
      InvertedLists lists = new InvertedLists(nlist, m);
      byte[] code = new byte[m];
      for (int n = 1; n <= 20_000; n++) {
        lists.append(random.nextInt(nlist), n, code, 0);
        if (n % 997 == 0 || n == 20_000) {
          long perListFixed = 64 + (long) InvertedLists.BLOCK * (m + 4);
          assertThat(lists.ramBytesUsed()).as("m=%s n=%s", m, n)
              .isLessThanOrEqualTo(n * (m + 16L) + nlist * perListFixed);
        }
      }
    }
  }

  private static void assertMatches(InvertedLists lists, List<List<Entry>> model, int m) {
    float[] table = new float[m * 256];
    Random random = new Random(8);
    for (int i = 0; i < table.length; i++) {
      table[i] = random.nextFloat();
    }
    long total = 0;
    byte[] code = new byte[m];
    float[] scores = new float[InvertedLists.BLOCK];
    for (int l = 0; l < lists.nlist(); l++) {
      List<Entry> entries = model.get(l);
      assertThat(lists.size(l)).isEqualTo(entries.size());
      total += entries.size();
      for (int i = 0; i < entries.size(); i++) {
        assertThat(lists.ordinals(l)[i]).isEqualTo(entries.get(i).ordinal());
        lists.code(l, i, code, 0);
        assertThat(code).isEqualTo(entries.get(i).code());
      }
      for (int from = 0; from < entries.size(); from += InvertedLists.BLOCK) {
        VectorUtil.pqLookupSumInterleaved(table, lists.codes(l), from * m, m, scores);
        for (int i = from; i < Math.min(entries.size(), from + InvertedLists.BLOCK); i++) {
          assertThat(scores[i - from]).isEqualTo(VectorUtil.pqLookupSum(table, entries.get(i).code(), 0, m));
        }
      }
    }
    assertThat(lists.total()).isEqualTo(total);
  }
}
