package io.quiver.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The server's effective configuration. Each {@link Setting} is resolved, last one wins, from:
 * its default, {@code quiver.yaml} (when present), the environment ({@code QUIVER__SECTION__KEY}),
 * and command-line overrides. Unknown keys and bad values fail with a {@link ConfigException}
 * naming the key. Immutable and thread-safe.
 */
public final class ServerConfig {
  private static Setting intSetting(String section, String key, int def, long min, long max, String doc) {
    return new Setting(section, key, Setting.Type.INT, def, min, max, doc);
  }

  /** Every setting, in the order --print-config shows them. */
  public static final List<Setting> SETTINGS = List.of(
      new Setting("server", "host", Setting.Type.STRING, "0.0.0.0", 0, 0, "address the gRPC and HTTP ports bind to"),
      intSetting("server", "grpc_port", 7070, 0, 65535, "gRPC port (0 picks a free port)"),
      intSetting("server", "http_port", 7071, 0, 65535, "HTTP port for /livez, /readyz and /metrics (0 picks a free port)"),
      intSetting("server", "shutdown_grace_seconds", 30, 0, 3600, "how long SIGTERM waits for in-flight calls"),
      new Setting("storage", "data_dir", Setting.Type.STRING, "./data", 0, 0, "directory of the RocksDB store"),
      intSetting("storage", "block_cache_mb", 256, 1, 1 << 20, "RocksDB block cache size in MiB"),
      intSetting("storage", "index_save_seconds", 30, 1, 86_400,
          "how often changed indexes are saved to disk (a restart relinks only what changed since)"),
      new Setting("storage", "sync_writes", Setting.Type.BOOL, true, 0, 0,
          "fsync the write-ahead log before acknowledging a write (group commit shares one fsync)"),
      intSetting("limits", "max_dimension", 8192, 1, 65536, "largest vector dimension a collection may have"),
      intSetting("limits", "max_batch_size", 1000, 1, 1_000_000, "most points in one upsert, get or delete, and searches in one batch"),
      intSetting("limits", "max_search_limit", 1000, 1, 1_000_000, "largest k (limit) a search may ask for"),
      intSetting("limits", "max_page_size", 10_000, 1, 1_000_000, "largest scroll page"),
      intSetting("limits", "max_message_mb", 64, 1, 2047, "largest gRPC message, in MiB"),
      intSetting("limits", "max_collections", 1000, 1, 1_000_000, "most collections a server holds"),
      intSetting("limits", "max_filter_depth", io.quiver.storage.filter.Filter.MAX_DEPTH, 1,
          io.quiver.storage.filter.Filter.MAX_DEPTH, "deepest nesting of filters inside a filter"),
      intSetting("limits", "max_filter_conditions", io.quiver.storage.filter.Filter.MAX_CONDITIONS, 1,
          io.quiver.storage.filter.Filter.MAX_CONDITIONS, "most conditions in one filter (all levels together)"),
      intSetting("limits", "max_filter_values", io.quiver.storage.filter.Filter.MAX_VALUES, 1,
          io.quiver.storage.filter.Filter.MAX_VALUES, "most values in one match_any / match_except / has_id"),
      intSetting("limits", "max_payload_bytes", 65_536, 16, 64 << 20, "largest payload of one point, in bytes (encoded)"),
      intSetting("limits", "max_string_bytes", 16_384, 1, 64 << 20, "longest string value or field name in a payload, in UTF-8 bytes"),
      intSetting("limits", "memory_budget_mb", 0, 0, 1 << 30,
          "heap the collections' vectors and indexes may use before upserts are refused with RESOURCE_EXHAUSTED (0: no budget)"),
      Setting.choice("logging", "format", "text", List.of("text", "json"),
          "log format on stderr: text (human-readable lines) or json (one JSON object per line)"),
      Setting.choice("logging", "level", "info", List.of("error", "warn", "info", "debug", "trace"),
          "lowest level logged"),
      new Setting("logging", "access_log", Setting.Type.BOOL, true, 0, 0,
          "log one line per gRPC call (method, status, duration, collection; never payloads or vectors)"),
      new Setting("metrics", "enabled", Setting.Type.BOOL, true, 0, 0,
          "serve Prometheus metrics on the HTTP port at /metrics"),
      new Setting("security", "api_keys", Setting.Type.SECRET, "", 0, 0,
          "comma-separated admin API keys (every call); auth is off while no key is configured anywhere"),
      new Setting("security", "read_only_api_keys", Setting.Type.SECRET, "", 0, 0,
          "comma-separated read-only API keys (search, get, scroll, count, list; no writes)"),
      new Setting("security", "api_keys_file", Setting.Type.OPTIONAL_STRING, "", 0, 0,
          "file of API keys, one 'admin:<key>' or 'read:<key>' per line ('#' starts a comment)"),
      new Setting("security", "tls_cert_file", Setting.Type.OPTIONAL_STRING, "", 0, 0,
          "PEM certificate chain of the gRPC port; TLS is on when this and tls_key_file are set"),
      new Setting("security", "tls_key_file", Setting.Type.OPTIONAL_STRING, "", 0, 0,
          "PEM private key (PKCS#8) of tls_cert_file"),
      new Setting("security", "tls_client_ca_file", Setting.Type.OPTIONAL_STRING, "", 0, 0,
          "PEM CA certificates; when set, clients must present a certificate signed by one (mTLS)"),
      new Setting("security", "protect_http", Setting.Type.BOOL, false, 0, 0,
          "require an API key for /metrics too (/livez and /readyz always stay open for probes)"));

  private final Map<String, Object> values;

  private ServerConfig(Map<String, Object> values) {
    this.values = Map.copyOf(values);
  }

  /** Defaults only. */
  public static ServerConfig defaults() {
    return load(null, Map.of(), Map.of());
  }

  /**
   * Resolves the configuration.
   *
   * @param yamlFile a {@code quiver.yaml}, or null to skip
   * @param env the environment (only {@code QUIVER__} variables are read)
   * @param overrides {@code section.key -> value} from the command line
   */
  public static ServerConfig load(Path yamlFile, Map<String, String> env, Map<String, String> overrides) {
    Map<String, Setting> byName = new LinkedHashMap<>();
    Map<String, Setting> byEnv = new LinkedHashMap<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      byName.put(s.name(), s);
      byEnv.put(s.envName(), s);
      values.put(s.name(), s.defaultValue());
    }
    if (yamlFile != null) {
      readYaml(yamlFile).forEach((name, raw) -> {
        Setting s = byName.get(name);
        if (s == null) {
          throw new ConfigException("unknown key '" + name + "' in " + yamlFile + "; known keys: " + byName.keySet());
        }
        values.put(name, s.parse(raw, yamlFile.toString()));
      });
    }
    env.forEach((name, raw) -> {
      if (!name.startsWith("QUIVER__")) {
        return;
      }
      Setting s = byEnv.get(name);
      if (s == null) {
        throw new ConfigException("unknown environment variable " + name + "; known: " + byEnv.keySet());
      }
      values.put(s.name(), s.parse(raw, "environment " + name));
    });
    overrides.forEach((name, raw) -> {
      Setting s = byName.get(name);
      if (s == null) {
        throw new ConfigException("unknown key '" + name + "' on the command line; known keys: " + byName.keySet());
      }
      values.put(name, s.parse(raw, "command line"));
    });
    return new ServerConfig(values);
  }

  private static Map<String, Object> readYaml(Path file) {
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
    }
    Map<String, Object> flat = new LinkedHashMap<>();
    if (root == null) {
      return flat;
    }
    if (!(root instanceof Map<?, ?> sections)) {
      throw new ConfigException("config file " + file + ": expected a map of sections at the top level");
    }
    sections.forEach((section, body) -> {
      if (!(body instanceof Map<?, ?> keys)) {
        throw new ConfigException("config file " + file + ": section '" + section + "' must be a map of keys");
      }
      keys.forEach((key, value) -> flat.put(section + "." + key, value));
    });
    return flat;
  }

  private Object value(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no setting " + name);
    }
    return v;
  }

  public int getInt(String name) {
    return (Integer) value(name);
  }

  public boolean getBool(String name) {
    return (Boolean) value(name);
  }

  /** A STRING, CHOICE, OPTIONAL_STRING or SECRET setting's value ("" when an optional one is unset). */
  public String getString(String name) {
    return (String) value(name);
  }

  public String host() {
    return getString("server.host");
  }

  public int grpcPort() {
    return getInt("server.grpc_port");
  }

  public int httpPort() {
    return getInt("server.http_port");
  }

  public Path dataDir() {
    return Path.of(getString("storage.data_dir"));
  }

  /** The effective configuration as YAML, with each key's meaning as a comment. */
  public String toYaml() {
    StringBuilder sb = new StringBuilder();
    String section = null;
    for (Setting s : SETTINGS) {
      if (!s.section().equals(section)) {
        section = s.section();
        sb.append(section).append(":\n");
      }
      sb.append("  ").append(s.key()).append(": ").append(s.display(values.get(s.name())))
          .append("    # ").append(s.description()).append(" (default ").append(s.display(s.defaultValue()))
          .append("; env ").append(s.envName()).append(")\n");
    }
    return sb.toString();
  }
}
