package io.quiver.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.server.config.ConfigException;
import io.quiver.server.config.ServerConfig;
import io.quiver.server.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security settings: optional strings, redacted secrets, key files, TLS pairs; documented in README.md. */
class SecurityConfigTest {
  @TempDir Path dir;

  @Test
  void securityIsOffByDefault() {
    ServerConfig c = ServerConfig.defaults();
    assertThat(ApiKeys.from(c).enabled()).isFalse();
    assertThat(TlsSetup.describe(c)).isEqualTo("plaintext");
    assertThat(c.getString("security.tls_cert_file")).isEmpty();
    assertThat(c.getBool("security.protect_http")).isFalse();
  }

  @Test
  void keysComeFromTheConfigTheEnvironmentAndAFileAndAreNeverPrinted() throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), "# comment\nadmin: file-admin\n\nREAD:file-reader\n");
    ServerConfig c = ServerConfig.load(null, Map.of("QUIVER__SECURITY__READ_ONLY_API_KEYS", "env-r1, env-r2"),
        Map.of("security.api_keys", "cli-admin", "security.api_keys_file", file.toString()));
    ApiKeys keys = ApiKeys.from(c);
    assertThat(keys.size()).isEqualTo(5);
    assertThat(keys.roleOf("cli-admin")).isEqualTo(ApiKeys.Role.ADMIN);
    assertThat(keys.roleOf("file-admin")).isEqualTo(ApiKeys.Role.ADMIN);
    assertThat(keys.roleOf("env-r2")).isEqualTo(ApiKeys.Role.READ);
    assertThat(keys.roleOf("file-reader")).isEqualTo(ApiKeys.Role.READ);
    assertThat(keys.roleOf("cli-admi")).isNull();
    assertThat(keys.roleOf("")).isNull();
    assertThat(keys.roleOf(null)).isNull();
    String printed = c.toYaml();
    assertThat(printed).doesNotContain("cli-admin").doesNotContain("env-r1").contains("api_keys: <redacted>")
        .contains("api_keys_file: " + file);
  }

  @Test
  void headersAreReadInBothForms() {
    assertThat(ApiKeys.presentedKey("Bearer abc", null)).isEqualTo("abc");
    assertThat(ApiKeys.presentedKey("bearer  abc ", "other")).isEqualTo("abc");
    assertThat(ApiKeys.presentedKey(null, "xyz")).isEqualTo("xyz");
    assertThat(ApiKeys.presentedKey("Basic Zm9v", "xyz")).isEqualTo("xyz");
    assertThat(ApiKeys.presentedKey(null, null)).isNull();
  }

  @Test
  void aMalformedKeyFileIsAConfigErrorThatDoesNotEchoTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), "admin:ok\nsuperuser:hunter2\n");
    ServerConfig c = ServerConfig.load(null, Map.of(), Map.of("security.api_keys_file", file.toString()));
    assertThatThrownBy(() -> ApiKeys.from(c)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2").hasMessageNotContaining("hunter2");
    ServerConfig missing = ServerConfig.load(null, Map.of(), Map.of("security.api_keys_file", dir.resolve("nope").toString()));
    assertThatThrownBy(() -> ApiKeys.from(missing)).isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
  }

  @Test
  void halfATlsConfigurationIsRefused() {
    assertThatThrownBy(() -> TlsSetup.credentials(ServerConfig.load(null, Map.of(),
        Map.of("security.tls_cert_file", "a.pem")))).isInstanceOf(ConfigException.class).hasMessageContaining("together");
    assertThatThrownBy(() -> TlsSetup.credentials(ServerConfig.load(null, Map.of(),
        Map.of("security.tls_client_ca_file", "ca.pem")))).isInstanceOf(ConfigException.class).hasMessageContaining("needs TLS");
  }

  @Test
  void readMethodsAreExactlyTheOnesThatChangeNothing() {
    assertThat(io.quiver.server.grpc.AuthInterceptorAccess.reads()).containsExactlyInAnyOrder(
        "quiver.v1.Search/Search", "quiver.v1.Search/SearchBatch", "quiver.v1.Points/Get", "quiver.v1.Points/Scroll",
        "quiver.v1.Points/Count", "quiver.v1.Collections/Get", "quiver.v1.Collections/List", "quiver.v1.ServerInfo/Get");
  }

  @Test
  void everySettingIsInTheReadmeTable() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (Setting s : ServerConfig.SETTINGS) {
      assertThat(readme).as("README.md documents %s", s.name())
          .contains("| `" + s.name() + "` | `" + s.display(s.defaultValue()) + "` |");
    }
    assertThat(List.of(ServerConfig.SETTINGS.stream().filter(s -> s.type() == Setting.Type.SECRET).count())).containsExactly(2L);
  }
}
