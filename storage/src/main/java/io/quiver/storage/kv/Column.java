package io.quiver.storage.kv;

/**
 * The column families of the store. Each is a separate key space in RocksDB with its own
 * tuning; the names are part of the on-disk format and never change.
 */
public enum Column {
  /** Collection configs, the operation sequence, counters. Small. */
  META("meta"),
  /** One record per point: key = collection id + point id, value = the vector. */
  VECTORS("vectors"),
  /** One record per point, same key as {@link #VECTORS}: the encoded payload. */
  PAYLOADS("payloads");

  private final String familyName;

  Column(String familyName) {
    this.familyName = familyName;
  }

  /** The RocksDB column family name. */
  public String familyName() {
    return familyName;
  }
}
