package io.quiver.storage.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Binary form of a stored vector, the value of the {@code vectors} column family.
 *
 * <pre>
 * vector := version:u8 (=1) component:f32 little-endian *
 * </pre>
 *
 * The dimension is implied by the length; little-endian so that a future off-heap loader can
 * map the floats without swapping. Thread-safe (stateless).
 */
public final class VectorCodec {
  /** Current format version. */
  public static final int VERSION = 1;

  private VectorCodec() {}

  public static byte[] encode(float[] vector) {
    ByteBuffer buf = ByteBuffer.allocate(1 + vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) VERSION);
    buf.asFloatBuffer().put(vector);
    return buf.array();
  }

  public static float[] decode(byte[] bytes) {
    if (bytes.length < 1 || (bytes[0] & 0xFF) != VERSION) {
      throw new CorruptDataException("vector: unknown format version "
          + (bytes.length < 1 ? "(empty record)" : String.valueOf(bytes[0] & 0xFF)));
    }
    if ((bytes.length - 1) % Float.BYTES != 0) {
      throw new CorruptDataException("vector: length " + bytes.length + " is not 1 + 4*d");
    }
    float[] out = new float[(bytes.length - 1) / Float.BYTES];
    ByteBuffer.wrap(bytes, 1, bytes.length - 1).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
