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
  void parsesIvfPqAndFillsInDefaults() {
    IndexSpec spec = IndexSpec.parse("ivf_pq(nlist=256, m=16)");
    assertThat(spec.kind()).isEqualTo(IndexSpec.Kind.IVF_PQ);
    assertThat(spec.toString())
        .isEqualTo("IVF_PQ(nlist=256, m=16, nbits=8, nprobe=16, refine=4, train_min=9984, train_size=65536)");
    assertThat(IndexSpec.parse(spec.toString())).isEqualTo(spec);
    assertThat(IndexSpec.parse("IVF_PQ").ivfPq().nlist()).isEqualTo(1024);
    assertThat(IndexSpec.parse("IVF_PQ").ivfPq().m()).isEqualTo(32);
    assertThatThrownBy(() -> IndexSpec.parse("IVF_PQ(nbits=4)")).isInstanceOf(StorageException.class)
        .hasMessageContaining("nbits=4 is not supported; only nbits=8");
    assertThatThrownBy(() -> IndexSpec.parse("IVF_PQ(nlist=0)")).hasMessageContaining("nlist must be 1..65536");
    assertThatThrownBy(() -> IndexSpec.parse("IVF_PQ(nlist=8, nprobe=9)")).hasMessageContaining("nprobe must be 1..nlist");
    assertThatThrownBy(() -> IndexSpec.parse("IVF_PQ(refine=0)")).hasMessageContaining("refine must be 1..1000");
    assertThatThrownBy(() -> IndexSpec.parse("IVF_PQ(ef=3)")).hasMessageContaining("no parameter 'ef'");
    assertThatThrownBy(() -> IndexSpec.parse("IVF_PQ(m=32)").checkDimension(100))
        .hasMessageContaining("IVF_PQ m=32 must divide the dimension 100");
    IndexSpec.parse("IVF_PQ(m=32)").checkDimension(384);
  }

  @Test
  void rejectsWhatItCannotServeWithAClearMessage() {
    assertThatThrownBy(() -> IndexSpec.parse("FLAT(m=3)")).hasMessageContaining("no parameters");
    assertThatThrownBy(() -> IndexSpec.parse("FLAT(m=x)")).hasMessageContaining("m=x");
    assertThatThrownBy(() -> IndexSpec.parse("LSH")).hasMessageContaining("unknown index kind 'LSH'").hasMessageContaining("HNSW");
    assertThatThrownBy(() -> IndexSpec.parse("((")).hasMessageContaining("cannot parse");
  }
}
