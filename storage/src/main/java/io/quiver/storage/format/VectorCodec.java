package io.quiver.storage.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Binary form of a stored vector, the value of the {@code vectors} column family.
 *
 * <pre>
 * v1 := 0x01 component:f32*                      (read only; written before indexes needed seq)
 * v2 := 0x02 seq:i64 component:f32*              all little-endian
 * </pre>
 *
 * {@code seq} is the operation sequence of the write that stored the vector: a saved graph
 * records it per node, so that at start-up a node is reused only if the point still has the
 * very vector it was built from. The dimension is implied by the length; little-endian so
 * that a future off-heap loader can map the floats without swapping. Thread-safe (stateless).
 */
public final class VectorCodec {
  /** Current format version. */
  public static final int VERSION = 2;

  /** A decoded record. */
  public record Stored(long seq, float[] vector) {}

  private VectorCodec() {}

  public static byte[] encode(long seq, float[] vector) {
    ByteBuffer buf = ByteBuffer.allocate(9 + vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) VERSION).putLong(seq);
    buf.asFloatBuffer().put(vector);
    return buf.array();
  }

  /** Writes {@code seq} into a record made by {@link #encode} (the sequence is known only at commit). */
  public static void setSeq(byte[] record, long seq) {
    assert (record[0] & 0xFF) == VERSION;
    ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putLong(1, seq);
  }

  public static Stored decode(byte[] bytes) {
    int version = bytes.length < 1 ? -1 : bytes[0] & 0xFF;
    int header = switch (version) {
      case 1 -> 1;
      case 2 -> 9;
      default -> throw new CorruptDataException("vector: unknown format version "
          + (version < 0 ? "(empty record)" : String.valueOf(version)));
    };
    if (bytes.length < header || (bytes.length - header) % Float.BYTES != 0) {
      throw new CorruptDataException("vector: length " + bytes.length + " is not " + header + " + 4*d");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long seq = version == 2 ? buf.getLong(1) : 0;
    float[] out = new float[(bytes.length - header) / Float.BYTES];
    buf.position(header);
    buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return new Stored(seq, out);
  }
}
