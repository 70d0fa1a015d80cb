package io.quiver.storage.format;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The frame every saved index file shares, and the way it is written.
 *
 * <pre>
 * file := magic:u32 version:u32 features:u64 (=0; bits are only ever added) body crc:u32
 * </pre>
 *
 * {@code crc} is CRC-32C of every byte before it; big-endian throughout. A file is written to a
 * temporary name, fsynced, renamed over the old one and its directory fsynced, so a crash
 * leaves either the old file or the new one, never a torn one. Reading checks the frame and
 * turns a short file into a {@link CorruptDataException} that names it. Thread-safe (stateless).
 */
public final class ChecksummedFile {
  private ChecksummedFile() {}

  /** Writes a file's body. */
  @FunctionalInterface
  public interface Body<T> {
    T write(DataOutputStream out) throws IOException;
  }

  /** Reads a file's body (after the frame's header, before its checksum). */
  @FunctionalInterface
  public interface Parser<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** Writes {@code file} atomically with the frame around {@code body}; returns the body's result. */
  public static <T> T write(Path file, int magic, int version, Body<T> body) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.getParent());
    CRC32C crc = new CRC32C();
    T result;
    try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16))) {
      out.writeInt(magic);
      out.writeInt(version);
      out.writeLong(0L);
      result = body.write(out);
      out.flush();
      int c = (int) crc.getValue();
      raw.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is still atomic.
    }
    return result;
  }

  /**
   * Reads a file written by {@link #write}: checks the magic, version and features, parses the
   * body, then checks the checksum and that nothing follows it. {@code kind} names the file
   * type in errors, e.g. "HNSW graph".
   */
  public static <T> T read(Path file, String kind, int magic, int version, Parser<T> parser) throws IOException {
    CRC32C crc = new CRC32C();
    try (InputStream raw = Files.newInputStream(file);
        CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
        DataInputStream in = new DataInputStream(checked)) {
      if (in.readInt() != magic) {
        throw new CorruptDataException(file + ": not a " + kind + " file (bad magic)");
      }
      int v = in.readInt();
      if (v != version) {
        throw new CorruptDataException(file + ": unknown " + kind + " format version " + v);
      }
      long features = in.readLong();
      if (features != 0) {
        throw new CorruptDataException(file + ": unknown " + kind + " format features 0x" + Long.toHexString(features));
      }
      T result = parser.read(in);
      int expected = (int) crc.getValue();
      if (in.readInt() != expected) {
        throw new CorruptDataException(file + ": checksum mismatch (damaged file)");
      }
      if (in.read() != -1) {
        throw new CorruptDataException(file + ": unexpected bytes after the checksum");
      }
      return result;
    } catch (EOFException e) {
      throw new CorruptDataException(file + ": truncated");
    }
  }
}
