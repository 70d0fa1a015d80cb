package io.quiver.storage.index.ivf;

import io.quiver.storage.format.ChecksummedFile;
import io.quiver.storage.format.CollectionConfigCodec;
import io.quiver.storage.format.CorruptDataException;
import io.quiver.storage.quant.ProductQuantizer;
import io.quiver.storage.vector.VectorSimilarity;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The saved form of an IVF-PQ index, one file per collection ({@code <collection id>.ivfpq}).
 *
 * <pre>
 * file    := magic:u32 "QVIP" version:u32 (=2) features:u64 (=0; bits are only ever added)
 *            dimension:u32 metric:u8 nlist:u32 m:u32 nbits:u32 trained_points:i32
 *            centroid:f32[nlist * dimension]          row-major
 *            codebook:f32[m * 256 * (dimension / m)]  layout of ProductQuantizer
 *            list[nlist] crc:u32
 * list    := count:u32 entry[count]
 * entry   := id_len:u16 id:u8[id_len] seq:i64 code:u8[m]
 * </pre>
 *
 * {@code id} is the point's id in key form and {@code seq} the sequence of the write that
 * stored its vector: at load an entry is kept only if the store still has that point with
 * that sequence, so a file older than the store is reconciled (stale entries dropped, newer
 * points encoded again) and never answers with a vector that changed. Entries keep their
 * order, so a reloaded index scans exactly as the saved one did. {@code crc} is CRC-32C of
 * every byte before it. Big-endian. Written to a temporary name, fsynced and renamed, so a
 * crash leaves the old file or the new one. Thread-safe (stateless).
 */
public final class IvfPqFormat {
  static final int MAGIC = 0x51564950; // "QVIP"
  /**
   * 2: the metric byte is the fixed code of {@link CollectionConfigCodec#metricCode}. Version 1
   * wrote the enum's ordinal; such a file is refused as an unknown version and the index is
   * retrained from the store (an index file is derived data).
   */
  static final int VERSION = 2;

  private IvfPqFormat() {}

  /**
   * A file read back.
   *
   * @param listSizes entries per list; entry {@code e} (counted across lists in order) has
   *     id {@code ids[e]}, write sequence {@code seqs[e]} and code {@code codes[e * m ..]}
   */
  public record Loaded(int nlist, int m, int trainedPoints, float[] centroids, float[] codebooks,
      int[] listSizes, byte[][] ids, long[] seqs, byte[] codes) {
    /** Entries in all lists. */
    public int entries() {
      return ids.length;
    }
  }

  /** Writes the model and every list entry not in {@code skip} that has a label; returns entries written. */
  static long write(Path file, int dimension, VectorSimilarity metric, IvfPqModel model, InvertedLists lists,
      BitSet skip, IvfPqIndex.Labels labels) throws IOException {
    int m = model.m;
    long[] written = {0};
    ChecksummedFile.write(file, MAGIC, VERSION, out -> {
      out.writeInt(dimension);
      out.writeByte(CollectionConfigCodec.metricCode(metric));
      out.writeInt(model.nlist);
      out.writeInt(m);
      out.writeInt(8);
      out.writeInt(model.trainedPoints);
      for (float f : model.centroids) {
        out.writeFloat(f);
      }
      for (float f : model.pq.codebooks()) {
        out.writeFloat(f);
      }
      for (int l = 0; l < lists.nlist(); l++) {
        int size = lists.size(l);
        int[] ords = lists.ordinals(l);
        byte[] code = new byte[m];
        int count = 0;
        for (int i = 0; i < size; i++) {
          if (!skip.get(ords[i]) && labels.idBytes(ords[i]) != null) {
            count++;
          }
        }
        out.writeInt(count);
        for (int i = 0; i < size; i++) {
          byte[] id = skip.get(ords[i]) ? null : labels.idBytes(ords[i]);
          if (id == null) {
            continue;
          }
          out.writeShort(id.length);
          out.write(id);
          out.writeLong(labels.seq(ords[i]));
          lists.code(l, i, code, 0);
          out.write(code);
          written[0]++;
        }
      }
      return null;
    });
    return written[0];
  }

  /**
   * Reads a file written by {@link #write}. Throws {@link CorruptDataException} naming the
   * file and the problem when it is truncated, damaged, of an unknown version, or made for
   * other parameters than the collection's.
   */
  public static Loaded read(Path file, int dimension, VectorSimilarity metric, IvfPqParams params) throws IOException {
    long size = Files.size(file);
    return ChecksummedFile.read(file, "IVF-PQ index", MAGIC, VERSION, in -> {
      int fileDim = in.readInt();
      int fileMetric = in.readUnsignedByte();
      int nlist = in.readInt();
      int m = in.readInt();
      int nbits = in.readInt();
      int trainedPoints = in.readInt();
      int metricCode = CollectionConfigCodec.metricCode(metric);
      if (fileDim != dimension || fileMetric != metricCode || nlist != params.nlist() || m != params.m()
          || nbits != 8) {
        throw new CorruptDataException(file + ": index has dimension=" + fileDim + ", metric code " + fileMetric
            + ", nlist=" + nlist + ", m=" + m + ", nbits=" + nbits + " but the collection has dimension=" + dimension
            + ", metric code " + metricCode + ", nlist=" + params.nlist() + ", m=" + params.m() + ", nbits=8");
      }
      float[] centroids = readFloats(in, nlist * dimension);
      float[] codebooks = readFloats(in, m * ProductQuantizer.KSUB * (dimension / m));
      int[] listSizes = new int[nlist];
      int capacity = 1024;
      byte[][] ids = new byte[capacity][];
      long[] seqs = new long[capacity];
      byte[] codes = new byte[capacity * m];
      int e = 0;
      for (int l = 0; l < nlist; l++) {
        int count = in.readInt();
        if (count < 0 || count > size) {
          throw new CorruptDataException(file + ": bad entry count " + count + " in list " + l);
        }
        listSizes[l] = count;
        for (int i = 0; i < count; i++, e++) {
          if (e == capacity) {
            capacity += capacity >> 1;
            ids = java.util.Arrays.copyOf(ids, capacity);
            seqs = java.util.Arrays.copyOf(seqs, capacity);
            codes = java.util.Arrays.copyOf(codes, capacity * m);
          }
          int idLen = in.readUnsignedShort();
          ids[e] = in.readNBytes(idLen);
          if (ids[e].length != idLen) {
            throw new EOFException();
          }
          seqs[e] = in.readLong();
          in.readFully(codes, e * m, m);
        }
      }
      return new Loaded(nlist, m, trainedPoints, centroids, codebooks, listSizes, java.util.Arrays.copyOf(ids, e),
          java.util.Arrays.copyOf(seqs, e), java.util.Arrays.copyOf(codes, e * m));
    });
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = in.readFloat();
    }
    return out;
  }
}
