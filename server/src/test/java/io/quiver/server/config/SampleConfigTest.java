package io.quiver.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/quiver.yaml stays loadable and lists exactly the defaults. */
class SampleConfigTest {
  @Test
  void sampleConfigParsesAndEqualsTheDefaults() {
    Path sample = Path.of("..", "deploy", "quiver.yaml");
    ServerConfig loaded = ServerConfig.load(sample, Map.of(), Map.of());
    assertThat(loaded.toYaml()).isEqualTo(ServerConfig.defaults().toYaml());
    for (Setting s : ServerConfig.SETTINGS) {
      assertThat(sample).content().contains("  " + s.key() + ": " + s.display(s.defaultValue()));
    }
  }
}
