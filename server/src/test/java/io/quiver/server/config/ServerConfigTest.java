package io.quiver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsMatchTheDocumentedOnes() {
    ServerConfig c = ServerConfig.defaults();
    assertThat(c.grpcPort()).isEqualTo(7070);
    assertThat(c.httpPort()).isEqualTo(7071);
    assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.getInt("limits.max_dimension")).isEqualTo(8192);
    assertThat(c.getBool("storage.sync_writes")).isTrue();
  }

  @Test
  void yamlThenEnvironmentThenCommandLineEachWin() throws Exception {
    Path yaml = Files.writeString(dir.resolve("quiver.yaml"), """
        server:
          grpc_port: 9000
          http_port: 9001
        storage:
          sync_writes: false
        limits:
          max_batch_size: 10
        """);
    ServerConfig c = ServerConfig.load(yaml, Map.of("QUIVER__SERVER__HTTP_PORT", "9101", "PATH", "/bin",
        "QUIVER__LIMITS__MAX_BATCH_SIZE", "20"), Map.of("limits.max_batch_size", "30"));
    assertThat(c.grpcPort()).isEqualTo(9000);
    assertThat(c.httpPort()).isEqualTo(9101);
    assertThat(c.getBool("storage.sync_writes")).isFalse();
    assertThat(c.getInt("limits.max_batch_size")).isEqualTo(30);
    assertThat(c.toYaml()).contains("grpc_port: 9000").contains("QUIVER__SERVER__GRPC_PORT");
  }

  @Test
  void unknownKeysAndBadValuesNameTheKey() throws Exception {
    Path yaml = Files.writeString(dir.resolve("bad.yaml"), "server:\n  grpc_prot: 1\n");
    assertThatThrownBy(() -> ServerConfig.load(yaml, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.grpc_prot");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("QUIVER__STORAGE__DATADIR", "x"), Map.of()))
        .hasMessageContaining("QUIVER__STORAGE__DATADIR");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("server.grpc_port", "70000")))
        .hasMessageContaining("server.grpc_port").hasMessageContaining("0..65535");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("storage.sync_writes", "maybe")))
        .hasMessageContaining("storage.sync_writes");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("limits.max_dimension", "abc")))
        .hasMessageContaining("limits.max_dimension").hasMessageContaining("integer");
    Path notYaml = Files.writeString(dir.resolve("x.yaml"), "- just\n- a list\n");
    assertThatThrownBy(() -> ServerConfig.load(notYaml, Map.of(), Map.of())).hasMessageContaining("sections");
  }
}
