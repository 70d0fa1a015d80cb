package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import io.quiver.storage.format.SnapshotManifest;
import io.quiver.storage.kv.KvStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of collections, each a directory under {@code <data>/snapshots/<id>/}:
 * {@code db/} a RocksDB checkpoint of the store (consistent, taken online; unchanged files are
 * hard links, so it is cheap), {@code index/} the collection's saved index file, and a
 * {@link SnapshotManifest} with the collection's config and a SHA-256 of every file.
 *
 * <p>A restore verifies every checksum first (DATA_LOSS on any mismatch), then copies the
 * collection's records, with their original write sequences, into a new collection and puts
 * the saved index next to them, so the new collection loads like a restart: the index is
 * reused, not rebuilt, and searches give the same results as before the snapshot.
 *
 * <p>Thread-safe: creations and restores go through the database's admin lock.
 */
public final class SnapshotStore {
  private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,300}");

  /** A snapshot's identity and what it holds. */
  public record SnapshotInfo(String id, String collection, long createdAtMs, long sequence, long bytes) {}

  private final Database db;
  private final KvStore store;
  private final Path root;
  private final Path indexDir;

  SnapshotStore(Database db, KvStore store, Path root, Path indexDir) {
    this.db = db;
    this.store = store;
    this.root = root;
    this.indexDir = indexDir;
  }

  /** Where snapshots live (downloads read and uploads write here). */
  public Path root() {
    return root;
  }

  /** The directory of snapshot {@code id}; NOT_FOUND if there is none, INVALID_ARGUMENT for a bad id. */
  public Path dir(String id) {
    if (id == null || !ID.matcher(id).matches() || id.startsWith(".")) {
      throw StorageException.invalid("snapshot: bad snapshot id '" + id + "'");
    }
    Path dir = root.resolve(id);
    if (!Files.isRegularFile(dir.resolve(SnapshotManifest.FILE_NAME))) {
      throw StorageException.notFound("snapshot '" + id + "' not found");
    }
    return dir;
  }

  /** Takes a snapshot of {@code collection} while it keeps serving reads and writes. */
  public SnapshotInfo create(String collection) {
    Collection c = db.get(collection);
    try {
      c.saveIndex();
    } catch (IOException e) {
      log.warn("snapshot of '{}': saving the index first failed ({}); the restore will rebuild it", collection, e.toString());
    }
    long now = System.currentTimeMillis();
    String id = collection + "-" + now + "-" + db.lastSequence();
    Path tmp = root.resolve(".tmp-" + id);
    Path dir = root.resolve(id);
    try {
      Files.createDirectories(tmp);
      long sequence = db.lastSequence();
      store.checkpoint(tmp.resolve("db"));
      Path indexFile = indexDir.resolve(c.config().id() + ".hnsw");
      if (Files.exists(indexFile)) {
        Files.createDirectories(tmp.resolve("index"));
        Files.copy(indexFile, tmp.resolve("index").resolve("collection.hnsw"));
      }
      CollectionConfig cfg = c.config();
      Map<String, String> props = new LinkedHashMap<>();
      props.put("collection", cfg.name());
      props.put("collection_id", Integer.toString(cfg.id()));
      props.put("dimension", Integer.toString(cfg.dimension()));
      props.put("metric", cfg.metric().name());
      props.put("index", cfg.index().toString());
      props.put("durability", cfg.durability().name());
      props.put("created_at_ms", Long.toString(now));
      props.put("sequence", Long.toString(sequence));
      SnapshotManifest manifest = SnapshotManifest.of(tmp, props);
      Files.writeString(tmp.resolve(SnapshotManifest.FILE_NAME), manifest.encode(), StandardCharsets.UTF_8);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      log.info("snapshot '{}' of collection '{}' created ({} files)", id, collection, manifest.files().size());
      return info(dir, manifest);
    } catch (IOException e) {
      deleteTree(tmp);
      throw new StorageException(StorageException.Reason.UNAVAILABLE, "snapshot of '" + collection + "' failed: "
          + e.getMessage(), e);
    }
  }

  private static SnapshotInfo info(Path dir, SnapshotManifest m) {
    long bytes = m.files().stream().mapToLong(SnapshotManifest.FileEntry::bytes).sum();
    return new SnapshotInfo(dir.getFileName().toString(), m.properties().get("collection"),
        Long.parseLong(m.properties().getOrDefault("created_at_ms", "0")),
        Long.parseLong(m.properties().getOrDefault("sequence", "0")), bytes);
  }

  /** Every snapshot, oldest first. */
  public List<SnapshotInfo> list() {
    List<SnapshotInfo> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (var dirs = Files.list(root)) {
      for (Path d : dirs.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        try {
          out.add(info(d, SnapshotManifest.read(d)));
        } catch (RuntimeException damaged) {
          log.warn("skipping unreadable snapshot {}: {}", d, damaged.getMessage());
        }
      }
    } catch (IOException e) {
      throw new StorageException(StorageException.Reason.UNAVAILABLE, "cannot list snapshots: " + e.getMessage(), e);
    }
    out.sort(Comparator.comparingLong(SnapshotInfo::createdAtMs).thenComparing(SnapshotInfo::id));
    return out;
  }

  /** Deletes snapshot {@code id}. */
  public void delete(String id) {
    deleteTree(dir(id));
  }

  /** Checks every file of snapshot {@code id}; DATA_LOSS when one is damaged. Returns its manifest. */
  public SnapshotManifest verify(String id) {
    Path dir = dir(id);
    SnapshotManifest m = SnapshotManifest.read(dir);
    m.verify(dir);
    return m;
  }

  /**
   * Restores snapshot {@code id} into a new collection {@code newName} (ALREADY_EXISTS if the
   * name is taken), after verifying every checksum.
   */
  public Collection restore(String id, String newName, int maxCollections) {
    SnapshotManifest m = verify(id);
    Path dir = dir(id);
    Path savedIndex = dir.resolve("index").resolve("collection.hnsw");
    return db.restoreCollection(m, dir.resolve("db"), Files.exists(savedIndex) ? savedIndex : null, newName,
        maxCollections);
  }

  /** Makes a directory written by an upload a snapshot, after verifying it. */
  public SnapshotInfo adopt(Path uploaded, String id) {
    SnapshotManifest m = SnapshotManifest.read(uploaded);
    m.verify(uploaded);
    Path dir = root.resolve(id);
    if (!ID.matcher(id).matches() || id.startsWith(".")) {
      throw StorageException.invalid("snapshot: bad snapshot id '" + id + "'");
    }
    if (Files.exists(dir)) {
      throw new StorageException(StorageException.Reason.ALREADY_EXISTS, "snapshot '" + id + "' already exists");
    }
    try {
      Files.move(uploaded, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException(StorageException.Reason.UNAVAILABLE, "cannot store snapshot: " + e.getMessage(), e);
    }
    return info(dir, m);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new StorageException(StorageException.Reason.UNAVAILABLE, "cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
