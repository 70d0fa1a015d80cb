package io.quiver.bench.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing --search sweeps, latency percentiles and index spec columns. */
class SearchSettingTest {
  @Test
  void sweepBecomesOneSettingPerValue() {
    assertThat(SearchSetting.parseSweep("ef=10, 20,40")).extracting(SearchSetting::toString)
        .containsExactly("ef=10", "ef=20", "ef=40");
    assertThat(SearchSetting.parseSweep("ef=64").getFirst().knobs()).isEqualTo(new SearchKnobs(64, 0, false));
    assertThat(SearchSetting.parseSweep("nprobe=8").getFirst().knobs()).isEqualTo(new SearchKnobs(0, 8, false));
    assertThat(SearchSetting.parseSweep("exact=1,false")).extracting(SearchSetting::knobs)
        .containsExactly(new SearchKnobs(0, 0, true), new SearchKnobs(0, 0, false));
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(() -> SearchSetting.parseSweep("efs=10"))
        .hasMessageContaining("unknown search parameter 'efs'; known: ef, nprobe, exact");
    assertThatThrownBy(() -> SearchSetting.parseSweep("ef")).hasMessageContaining("expected NAME=V1,V2");
    assertThatThrownBy(() -> SearchSetting.parseSweep("ef=10,x")).hasMessageContaining("'x' is not a whole number");
    assertThatThrownBy(() -> SearchSetting.parseSweep("ef=-1")).hasMessageContaining("non-negative");
    assertThatThrownBy(() -> SearchSetting.parseSweep("exact=2")).hasMessageContaining("0 or 1");
  }

  @Test
  void percentilesUseNearestRank() {
    long[] ns = new long[100];
    for (int i = 0; i < 100; i++) {
      ns[99 - i] = (i + 1) * 1_000_000L; // 1..100 ms, reversed
    }
    Latencies l = Latencies.of(ns);
    assertThat(l.p50Ms()).isEqualTo(50.0);
    assertThat(l.p99Ms()).isEqualTo(99.0);
    assertThat(Latencies.of(new long[] {2_000_000}).p99Ms()).isEqualTo(2.0);
  }

  @Test
  void specSplitsIntoIndexAndParamsColumns() {
    assertThat(AnnBenchmark.splitSpec("FLAT")).containsExactly("FLAT", "");
    assertThat(AnnBenchmark.splitSpec("HNSW(m=16, ef_construction=200)"))
        .containsExactly("HNSW", "m=16,ef_construction=200");
  }
}
