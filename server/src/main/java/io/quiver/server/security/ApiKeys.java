package io.quiver.server.security;

import io.quiver.server.config.ConfigException;
import io.quiver.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The API keys the server accepts and what each may do. Keys come from
 * {@code security.api_keys} (admin), {@code security.read_only_api_keys} and
 * {@code security.api_keys_file}; authentication is on when at least one key is configured.
 *
 * <p>Only SHA-256 digests of the keys are kept, and a presented key is compared with every
 * digest using {@link MessageDigest#isEqual} (constant time for equal-length inputs, and all
 * digests have the same length), so neither the time taken nor an early exit tells an attacker
 * how much of a key was right. Keys are never logged or put into messages. Immutable and
 * thread-safe.
 */
public final class ApiKeys {

  /** What a key allows. */
  public enum Role {
    /** Search, get, scroll, count, get and list collections. */
    READ,
    /** Everything, writes included. */
    ADMIN
  }

  private record Entry(byte[] digest, Role role) {}

  private static final ApiKeys NONE = new ApiKeys(List.of());

  private final List<Entry> entries;

  private ApiKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No keys: authentication off. */
  public static ApiKeys none() {
    return NONE;
  }

  /**
   * Reads the keys from the configuration (and the key file it names).
   *
   * @throws ConfigException if the key file cannot be read or has a malformed line (the
   *     message names the file and line number, never the key)
   */
  public static ApiKeys from(ServerConfig config) {
    List<Entry> entries = new ArrayList<>();
    addAll(entries, config.getString("security.api_keys"), Role.ADMIN);
    addAll(entries, config.getString("security.read_only_api_keys"), Role.READ);
    String file = config.getString("security.api_keys_file");
    if (!file.isEmpty()) {
      readFile(entries, Path.of(file));
    }
    return new ApiKeys(entries);
  }

  /** Keys given directly (tests and tools). */
  public static ApiKeys of(List<String> adminKeys, List<String> readOnlyKeys) {
    List<Entry> entries = new ArrayList<>();
    adminKeys.forEach(k -> entries.add(new Entry(digest(k), Role.ADMIN)));
    readOnlyKeys.forEach(k -> entries.add(new Entry(digest(k), Role.READ)));
    return new ApiKeys(entries);
  }

  private static void addAll(List<Entry> entries, String commaSeparated, Role role) {
    for (String key : commaSeparated.split(",")) {
      String k = key.strip();
      if (!k.isEmpty()) {
        entries.add(new Entry(digest(k), role));
      }
    }
  }

  private static void readFile(List<Entry> entries, Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("security.api_keys_file: cannot read " + file + " (" + e.getMessage() + ")");
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String kind = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String key = colon < 0 ? "" : line.substring(colon + 1).strip();
      Role role = switch (kind) {
        case "admin" -> Role.ADMIN;
        case "read" -> Role.READ;
        default -> null;
      };
      if (role == null || key.isEmpty()) {
        throw new ConfigException("security.api_keys_file: " + file + " line " + (i + 1)
            + ": expected 'admin:<key>' or 'read:<key>'");
      }
      entries.add(new Entry(digest(key), role));
    }
  }

  /** Whether any key is configured, i.e. calls must present one. */
  public boolean enabled() {
    return !entries.isEmpty();
  }

  /** Number of configured keys. */
  public int size() {
    return entries.size();
  }

  /**
   * The role of {@code presented}, or null if it matches no key. Every configured digest is
   * compared, whether or not an earlier one matched.
   */
  public Role roleOf(String presented) {
    if (presented == null || presented.isEmpty()) {
      return null;
    }
    byte[] d = digest(presented);
    Role found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest, d) && (found == null || e.role == Role.ADMIN)) {
        found = e.role;
      }
    }
    return found;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /**
   * The key in an {@code authorization: Bearer <key>} or {@code api-key: <key>} header value
   * pair, or null when neither is present. The scheme is matched case-insensitively.
   */
  public static String presentedKey(String authorization, String apiKey) {
    if (authorization != null) {
      String a = authorization.strip();
      if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return a.substring(7).strip();
      }
    }
    return apiKey == null ? null : apiKey.strip();
  }
}
