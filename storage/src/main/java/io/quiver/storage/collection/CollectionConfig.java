package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import io.quiver.storage.index.IndexSpec;
import io.quiver.storage.vector.VectorSimilarity;
import java.util.regex.Pattern;

/**
 * What a collection is: its name, internal id, dimension, metric and index. Immutable and
 * thread-safe.
 *
 * @param name 1..255 characters from {@code [A-Za-z0-9_-]}
 * @param id internal number used as the key prefix of the collection's points; never reused
 * @param dimension number of vector components
 * @param metric how vectors are compared
 * @param index the index the collection is searched through
 * @param createdAtMs creation time, milliseconds since the epoch
 * @param durability when its writes are acknowledged (requests may ask for stricter)
 */
public record CollectionConfig(String name, int id, int dimension, VectorSimilarity metric, IndexSpec index,
    long createdAtMs, Durability durability) {

  /** A SYNC collection (the default durability). */
  public CollectionConfig(String name, int id, int dimension, VectorSimilarity metric, IndexSpec index,
      long createdAtMs) {
    this(name, id, dimension, metric, index, createdAtMs, Durability.SYNC);
  }

  /** The largest dimension the engine itself accepts; servers usually configure less. */
  public static final int MAX_DIMENSION = 65_536;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  /** Throws {@link StorageException} (INVALID_ARGUMENT) unless {@code name} is a valid collection name. */
  public static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      String shown = name == null ? "null" : name.length() > 64 ? name.substring(0, 64) + "..." : name;
      throw StorageException.invalid("name: collection names are 1..255 characters of letters, "
          + "digits, '_' and '-'; got '" + shown + "'" + (name == null ? "" : " (length " + name.length() + ")"));
    }
  }

  /** Throws {@link StorageException} (INVALID_ARGUMENT) unless {@code dimension} is in 1..{@code max}. */
  public static void checkDimension(int dimension, int max) {
    if (dimension < 1 || dimension > max) {
      throw StorageException.invalid("dimension: must be 1.." + max + ", got " + dimension);
    }
  }
}
