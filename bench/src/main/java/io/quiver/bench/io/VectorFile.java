package io.quiver.bench.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A TEXMEX vector file ({@code .fvecs} or {@code .ivecs}), memory-mapped: each record is a
 * little-endian int32 dimension {@code d} followed by {@code d} little-endian float32 (fvecs)
 * or int32 (ivecs) values.
 *
 * <p>The file is mapped, not read, so a 1M x 768 base set (3 GB) costs page cache rather than
 * heap, and records are copied out one at a time as the loader needs them. The whole layout
 * is checked when the file is opened (every record must have the first record's dimension,
 * and the size must be a whole number of records), so a damaged file fails before a
 * benchmark spends minutes loading it; errors name the file and the byte offset.
 *
 * <p>Thread-safe: the mapping is shared and read-only; {@link #close} must not race with
 * reads.
 */
public final class VectorFile implements AutoCloseable {
  /** What the values of a record are. */
  public enum Kind {
    /** float32 values ({@code .fvecs}). */
    FLOAT,
    /** int32 values ({@code .ivecs}). */
    INT
  }

  /** Larger dimensions are taken as a sign of a file that is not TEXMEX at all. */
  static final int MAX_DIMENSION = 1 << 20;

  private static final ValueLayout.OfInt INT_LE =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path path;
  private final Kind kind;
  private final Arena arena;
  private final MemorySegment data;
  private final int dimension;
  private final int count;
  private final long recordBytes;

  private VectorFile(Path path, Kind kind, Arena arena, MemorySegment data, int dimension, int count) {
    this.path = path;
    this.kind = kind;
    this.arena = arena;
    this.data = data;
    this.dimension = dimension;
    this.count = count;
    this.recordBytes = 4L + 4L * dimension;
  }

  /**
   * Maps {@code path} and checks its layout.
   *
   * @throws DatasetFormatException if the file is missing, empty, truncated, has a record
   *     whose dimension differs from the first one's, or has more than 2^31-1 records
   */
  public static VectorFile open(Path path, Kind kind) {
    long size;
    try {
      size = Files.size(path);
    } catch (NoSuchFileException e) {
      throw new DatasetFormatException(path + ": file not found");
    } catch (IOException e) {
      throw new DatasetFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (size < 4) {
      throw new DatasetFormatException(path + ": truncated at byte offset 0: "
          + (size == 0 ? "the file is empty" : "only " + size + " bytes, too short for a record header"));
    }
    Arena arena = Arena.ofShared();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      MemorySegment data = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      int dim = data.get(INT_LE, 0);
      if (dim < 1 || dim > MAX_DIMENSION) {
        throw new DatasetFormatException(path + ": bad record header at byte offset 0: dimension "
            + dim + " (expected 1.." + MAX_DIMENSION + "); is this a TEXMEX ." + extension(kind) + " file?");
      }
      long recordBytes = 4L + 4L * dim;
      long records = size / recordBytes;
      if (records > Integer.MAX_VALUE) {
        throw new DatasetFormatException(path + ": " + records + " records; at most "
            + Integer.MAX_VALUE + " are supported");
      }
      for (long r = 0; r < records; r++) {
        long offset = r * recordBytes;
        int d = data.get(INT_LE, offset);
        if (d != dim) {
          throw new DatasetFormatException(path + ": bad record header at byte offset " + offset
              + " (record " + r + "): dimension " + d + ", but the first record has " + dim);
        }
      }
      long tail = size - records * recordBytes;
      if (tail != 0) {
        long offset = records * recordBytes;
        throw new DatasetFormatException(path + ": truncated at byte offset " + offset + " (record "
            + records + "): a record of dimension " + dim + " needs " + recordBytes
            + " bytes, but only " + tail + " remain (file size " + size + ")");
      }
      return new VectorFile(path, kind, arena, data, dim, (int) records);
    } catch (IOException e) {
      arena.close();
      throw new DatasetFormatException(path + ": cannot map (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private static String extension(Kind kind) {
    return kind == Kind.FLOAT ? "fvecs" : "ivecs";
  }

  /** The file this maps. */
  public Path path() {
    return path;
  }

  /** Values per record. */
  public int dimension() {
    return dimension;
  }

  /** Number of records. */
  public int count() {
    return count;
  }

  /** A copy of record {@code i}'s values; only for {@link Kind#FLOAT} files. */
  public float[] floatVector(int i) {
    if (kind != Kind.FLOAT) {
      throw new IllegalStateException(path + " holds int32 vectors, not float32");
    }
    float[] out = new float[dimension];
    MemorySegment.copy(data, FLOAT_LE, valuesOffset(i), out, 0, dimension);
    return out;
  }

  /** A copy of record {@code i}'s values; only for {@link Kind#INT} files. */
  public int[] intVector(int i) {
    if (kind != Kind.INT) {
      throw new IllegalStateException(path + " holds float32 vectors, not int32");
    }
    int[] out = new int[dimension];
    MemorySegment.copy(data, INT_LE, valuesOffset(i), out, 0, dimension);
    return out;
  }

  /** Every record as a float array, for the small files (queries) that fit in the heap. */
  public float[][] readAllFloats(int limit) {
    int n = Math.min(limit, count);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = floatVector(i);
    }
    return out;
  }

  /** Every record as an int array, for the small files (ground truth) that fit in the heap. */
  public int[][] readAllInts(int limit) {
    int n = Math.min(limit, count);
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      out[i] = intVector(i);
    }
    return out;
  }

  private long valuesOffset(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("record " + i + " of " + path + ", which has " + count);
    }
    return i * recordBytes + 4;
  }

  /** Unmaps the file. */
  @Override
  public void close() {
    arena.close();
  }
}
