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
  void rejectsWhatItCannotServeWithAClearMessage() {
    assertThatThrownBy(() -> IndexSpec.parse("HNSW(m=16, ef_construction=200)"))
        .isInstanceOf(StorageException.class).hasMessageContaining("HNSW").hasMessageContaining("not available");
    assertThatThrownBy(() -> IndexSpec.parse("FLAT(m=3)")).hasMessageContaining("no parameters");
    assertThatThrownBy(() -> IndexSpec.parse("FLAT(m=x)")).hasMessageContaining("m=x");
    assertThatThrownBy(() -> IndexSpec.parse("LSH")).hasMessageContaining("unknown index kind 'LSH'");
    assertThatThrownBy(() -> IndexSpec.parse("((")).hasMessageContaining("cannot parse");
  }
}
