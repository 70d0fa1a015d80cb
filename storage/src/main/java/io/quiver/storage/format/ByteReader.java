package io.quiver.storage.format;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote; every read is bounds-checked and a short buffer
 * raises {@link CorruptDataException} naming what was being read. Not thread-safe.
 */
public final class ByteReader {
  private final byte[] buf;
  private final String what;
  private int pos;

  /** {@code what} names the record for error messages, e.g. "payload". */
  public ByteReader(byte[] buf, int offset, String what) {
    this.buf = buf;
    this.pos = offset;
    this.what = what;
  }

  private void need(int n) {
    if (n < 0 || pos + n > buf.length) {
      throw new CorruptDataException(what + ": truncated at byte " + pos + " (needed " + n
          + " more of " + buf.length + ")");
    }
  }

  public int u8() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public int i32() {
    need(4);
    int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
        | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long i64() {
    long hi = i32() & 0xFFFFFFFFL;
    long lo = i32() & 0xFFFFFFFFL;
    return (hi << 32) | lo;
  }

  public int varint() {
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (result < 0) {
          break;
        }
        return result;
      }
    }
    throw new CorruptDataException(what + ": bad varint at byte " + pos);
  }

  public byte[] bytes(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  public String string() {
    int n = varint();
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return buf.length - pos;
  }

  /** Throws unless every byte was consumed: trailing bytes mean a format mismatch. */
  public void expectEnd() {
    if (pos != buf.length) {
      throw new CorruptDataException(what + ": " + (buf.length - pos) + " unexpected trailing bytes");
    }
  }
}
