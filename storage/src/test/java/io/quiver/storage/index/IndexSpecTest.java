package io.quiver.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.StorageException;
import org.junit.jupiter.api.Test;

class IndexSpecTest {
  @Test
  void parsesFlatInAnySpelling() {
    assertThat(IndexSpec.parse("")).isEqualTo(IndexSpec.FLAT);
    assertThat(IndexSpec.parse(null)).isEqualTo(IndexSpec.FLAT);
    assertThat(IndexSpec.parse(" flat ")).isEqualTo(IndexSpec.FLAT);
    assertThat(IndexSpec.parse("FLAT()").toString()).isEqualTo("FLAT");
  }

  @Test
  void parsesHnswAndFillsInDefaults() {
    IndexSpec spec = IndexSpec.parse("hnsw(m=8)");
    assertThat(spec.kind()).isEqualTo(IndexSpec.Kind.HNSW);
    assertThat(spec.toString()).isEqualTo("HNSW(m=8, ef_construction=200, ef=128)");
    assertThat(IndexSpec.parse(spec.toString())).isEqualTo(spec);
    assertThat(IndexSpec.parse("HNSW").hnsw().m()).isEqualTo(16);
    assertThatThrownBy(() -> IndexSpec.parse("HNSW(m=1)")).hasMessageContaining("m must be 2..128");
    assertThatThrownBy(() -> IndexSpec.parse("HNSW(ef_construction=0)")).hasMessageContaining("ef_construction");
    assertThatThrownBy(() -> IndexSpec.parse("HNSW(mm=3)")).hasMessageContaining("no parameter 'mm'");
  }

  @Test
  void rejectsWhatItCannotServeWithAClearMessage() {
    assertThatThrownBy(() -> IndexSpec.parse("IVF_PQ(nlist=1024, m=32, nbits=8)"))
        .isInstanceOf(StorageException.class).hasMessageContaining("IVF_PQ").hasMessageContaining("not available");
    assertThatThrownBy(() -> IndexSpec.parse("FLAT(m=3)")).hasMessageContaining("no parameters");
    assertThatThrownBy(() -> IndexSpec.parse("FLAT(m=x)")).hasMessageContaining("m=x");
    assertThatThrownBy(() -> IndexSpec.parse("LSH")).hasMessageContaining("unknown index kind 'LSH'").hasMessageContaining("HNSW");
    assertThatThrownBy(() -> IndexSpec.parse("((")).hasMessageContaining("cannot parse");
  }
}
