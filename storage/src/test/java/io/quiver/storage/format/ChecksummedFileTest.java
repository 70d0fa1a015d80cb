package io.quiver.storage.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame of saved index files: fixed bytes, and every kind of damage refused by name. */
class ChecksummedFileTest {
  @TempDir Path dir;

  private static final int MAGIC = 0x51564b54; // "QVKT"

  @Test
  void frameV1IsPinnedAndRoundTrips() throws Exception {
    Path file = dir.resolve("sub").resolve("x.bin");
    Integer written = ChecksummedFile.write(file, MAGIC, 1, out -> {
      out.writeInt(42);
      return 7;
    });
    assertThat(written.intValue()).isEqualTo(7);
    String hex = HexFormat.of().formatHex(Files.readAllBytes(file));
    // magic, version 1, features 0, body (42), then CRC-32C of all of that.
    assertThat(hex).startsWith("51564b54" + "00000001" + "0000000000000000" + "0000002a").hasSize(2 * 24);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    byte[] bytes = Files.readAllBytes(file);
    crc.update(bytes, 0, 20);
    assertThat(hex.substring(40)).isEqualTo(String.format("%08x", (int) crc.getValue()));
    Integer read = ChecksummedFile.read(file, "test", MAGIC, 1, in -> in.readInt());
    assertThat(read.intValue()).isEqualTo(42);
    assertThat(dir.resolve("sub")).isDirectoryNotContaining(p -> p.toString().endsWith(".tmp"));
  }

  @Test
  void damageIsRefusedWithTheFileNamed() throws Exception {
    Path file = dir.resolve("x.bin");
    ChecksummedFile.write(file, MAGIC, 1, out -> {
      out.writeLong(123456789L);
      return null;
    });
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[21] ^= 1;
    Files.write(file, flipped);
    assertThatThrownBy(() -> ChecksummedFile.read(file, "test", MAGIC, 1, in -> in.readLong()))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining(file.toString()).hasMessageContaining("checksum");

    Files.write(file, Arrays.copyOf(good, good.length - 3));
    assertThatThrownBy(() -> ChecksummedFile.read(file, "test", MAGIC, 1, in -> in.readLong()))
        .hasMessageContaining("truncated");

    Files.write(file, good);
    assertThatThrownBy(() -> ChecksummedFile.read(file, "test", MAGIC + 1, 1, in -> in.readLong()))
        .hasMessageContaining("not a test file");
    assertThatThrownBy(() -> ChecksummedFile.read(file, "test", MAGIC, 2, in -> in.readLong()))
        .hasMessageContaining("unknown test format version 1");

    byte[] longer = Arrays.copyOf(good, good.length + 1);
    Files.write(file, longer);
    assertThatThrownBy(() -> ChecksummedFile.read(file, "test", MAGIC, 1, in -> in.readLong()))
        .hasMessageContaining("after the checksum");
  }
}
