package io.quiver.client;

/** Which parts of a point a read returns besides its id. */
public enum Include {
  /** Only ids (and scores, for searches). */
  ID_ONLY(false, false),
  /** Ids and payloads. */
  PAYLOAD(true, false),
  /** Ids and vectors. */
  VECTOR(false, true),
  /** Ids, payloads and vectors. */
  PAYLOAD_AND_VECTOR(true, true);

  private final boolean payload;
  private final boolean vector;

  Include(boolean payload, boolean vector) {
    this.payload = payload;
    this.vector = vector;
  }

  /** Whether payloads are returned. */
  public boolean payload() {
    return payload;
  }

  /** Whether vectors are returned. */
  public boolean vector() {
    return vector;
  }

  /** The constant with the given parts. */
  public static Include of(boolean payload, boolean vector) {
    return payload ? (vector ? PAYLOAD_AND_VECTOR : PAYLOAD) : (vector ? VECTOR : ID_ONLY);
  }
}
