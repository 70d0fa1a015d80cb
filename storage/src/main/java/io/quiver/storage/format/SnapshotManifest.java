package io.quiver.storage.format;

import io.quiver.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a snapshot: what collection it holds and a SHA-256 of every file, so a
 * damaged or tampered snapshot is refused before anything is restored from it.
 *
 * <pre>
 * QUIVER-SNAPSHOT 1                      magic and version
 * key=value                              collection, collection_id, dimension, metric, index,
 *                                        durability, created_at_ms, sequence
 * file &lt;sha256-hex&gt; &lt;bytes&gt; &lt;path&gt;         one per file, path relative to the snapshot
 * </pre>
 *
 * Immutable and thread-safe.
 */
public record SnapshotManifest(Map<String, String> properties, List<FileEntry> files) {
  /** The first line of every manifest. */
  public static final String MAGIC = "QUIVER-SNAPSHOT 1";
  /** The manifest's file name inside a snapshot directory. */
  public static final String FILE_NAME = "MANIFEST";

  /** One file of the snapshot. */
  public record FileEntry(String sha256, long bytes, String path) {}

  public SnapshotManifest {
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    files = List.copyOf(files);
  }

  /** Hashes every regular file under {@code dir} (except the manifest) into a manifest. */
  public static SnapshotManifest of(Path dir, Map<String, String> properties) throws IOException {
    List<FileEntry> files = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (!rel.equals(FILE_NAME)) {
          files.add(new FileEntry(sha256(p), Files.size(p), rel));
        }
      }
    }
    return new SnapshotManifest(properties, files);
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public String encode() {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    properties.forEach((k, v) -> sb.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
    for (FileEntry f : files) {
      sb.append("file ").append(f.sha256()).append(' ').append(f.bytes()).append(' ').append(f.path()).append('\n');
    }
    return sb.toString();
  }

  public static SnapshotManifest decode(String text, String where) {
    String[] lines = text.split("\n");
    if (lines.length == 0 || !lines[0].equals(MAGIC)) {
      throw new StorageException(StorageException.Reason.DATA_LOSS, where + ": not a Quiver snapshot manifest");
    }
    Map<String, String> props = new LinkedHashMap<>();
    List<FileEntry> files = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("file ")) {
        String[] parts = line.split(" ", 4);
        if (parts.length != 4) {
          throw new StorageException(StorageException.Reason.DATA_LOSS, where + ": bad line " + (i + 1));
        }
        files.add(new FileEntry(parts[1], Long.parseLong(parts[2]), parts[3]));
      } else {
        int eq = line.indexOf('=');
        if (eq < 0) {
          throw new StorageException(StorageException.Reason.DATA_LOSS, where + ": bad line " + (i + 1));
        }
        props.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new SnapshotManifest(props, files);
  }

  /** Reads the manifest of a snapshot directory. */
  public static SnapshotManifest read(Path dir) {
    try {
      return decode(Files.readString(dir.resolve(FILE_NAME), StandardCharsets.UTF_8), dir.toString());
    } catch (IOException e) {
      throw new StorageException(StorageException.Reason.DATA_LOSS, dir + ": manifest unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * Checks every listed file's size and SHA-256 under {@code dir}, and that no file is
   * missing; throws DATA_LOSS naming the first file that does not match.
   */
  public void verify(Path dir) {
    for (FileEntry f : files) {
      Path p = dir.resolve(f.path()).normalize();
      if (!p.startsWith(dir.normalize())) {
        throw new StorageException(StorageException.Reason.DATA_LOSS, "snapshot file path escapes the snapshot: " + f.path());
      }
      try {
        if (!Files.isRegularFile(p) || Files.size(p) != f.bytes() || !sha256(p).equals(f.sha256())) {
          throw new StorageException(StorageException.Reason.DATA_LOSS, "snapshot " + dir.getFileName() + ": file "
              + f.path() + " is missing or damaged (SHA-256 mismatch); refusing to restore");
        }
      } catch (IOException e) {
        throw new StorageException(StorageException.Reason.DATA_LOSS, "snapshot file " + f.path() + " unreadable: "
            + e.getMessage(), e);
      }
    }
  }
}
