package io.quiver.storage.index.hnsw;

import io.quiver.storage.format.ChecksummedFile;
import io.quiver.storage.format.CorruptDataException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The saved form of an HNSW graph, one file per collection.
 *
 * <pre>
 * file    := magic:u32 "QVHG" version:u32 (=1) features:u64 (=0; bits are only ever added)
 *            m:u32 ef_construction:u32 dimension:u32 limit:i32 entry:i64 node* crc:u32
 * node    := level:i8                         -1: no node in this slot
 *            [id_len:u16 id:u8[id_len] seq:i64 list(0) .. list(level)]   when level >= 0
 * list    := count:u16 neighbour:i32[count]
 * </pre>
 *
 * {@code id} is the point's id in key form (empty for a removed node) and {@code seq} the
 * sequence of the write that stored its vector; at load a node is kept only if the store
 * still has that point with that sequence. {@code crc} is CRC-32C of every byte before it.
 * Big-endian. Files are written to a temporary name, fsynced and renamed, so a crash leaves
 * either the old file or the new one. Thread-safe (stateless).
 */
public final class HnswGraphFormat {
  static final int MAGIC = 0x51564847; // "QVHG"
  static final int VERSION = 1;

  private HnswGraphFormat() {}

  /** Gives each graph node the id and write sequence it is saved with. */
  public interface NodeLabels {
    /** The id in key form, or null for a node whose point is gone. */
    byte[] idBytes(int node);

    long seq(int node);
  }

  /** A graph read back from a file, with each node's saved label. */
  public record Loaded(HnswGraph graph, int limit, byte[][] ids, long[] seqs, int nodes) {}

  /** Writes {@code graph} (no concurrent writers allowed) atomically to {@code file}. */
  static void write(HnswGraph graph, int limit, int dimension, int efConstruction, NodeLabels labels, Path file)
      throws IOException {
    ChecksummedFile.write(file, MAGIC, VERSION, out -> {
      out.writeInt(graph.m);
      out.writeInt(efConstruction);
      out.writeInt(dimension);
      out.writeInt(limit);
      out.writeLong(graph.entry());
      int[] buf = new int[graph.m0];
      for (int node = 0; node < limit; node++) {
        int level = graph.level(node);
        out.writeByte(level);
        if (level < 0) {
          continue;
        }
        byte[] id = labels.idBytes(node);
        if (id == null) {
          out.writeShort(0);
          out.writeLong(0);
        } else {
          out.writeShort(id.length);
          out.write(id);
          out.writeLong(labels.seq(node));
        }
        for (int l = 0; l <= level; l++) {
          int count = graph.copyNeighbors(node, l, buf);
          out.writeShort(count);
          for (int i = 0; i < count; i++) {
            out.writeInt(buf[i]);
          }
        }
      }
      return null;
    });
  }

  /**
   * Reads a graph written by {@link #write}. Throws {@link CorruptDataException} naming the
   * file and the problem when it is truncated, damaged or of an unknown version, or when its
   * parameters differ from the collection's.
   */
  static Loaded read(Path file, int m, int dimension) throws IOException {
    long size = Files.size(file);
    return ChecksummedFile.read(file, "HNSW graph", MAGIC, VERSION, in -> {
      int fileM = in.readInt();
      in.readInt(); // ef_construction, informational
      int fileDim = in.readInt();
      if (fileM != m || fileDim != dimension) {
        throw new CorruptDataException(file + ": graph has m=" + fileM + ", dimension=" + fileDim
            + " but the collection has m=" + m + ", dimension=" + dimension);
      }
      int limit = in.readInt();
      long entry = in.readLong();
      if (limit < 0 || limit > size) {
        throw new CorruptDataException(file + ": bad node count " + limit);
      }
      HnswGraph graph = new HnswGraph(m);
      graph.ensureCapacity(limit);
      byte[][] ids = new byte[limit][];
      long[] seqs = new long[limit];
      int[] buf = new int[graph.m0];
      int nodes = 0;
      for (int node = 0; node < limit; node++) {
        int level = in.readByte();
        if (level < 0) {
          continue;
        }
        nodes++;
        int idLen = in.readUnsignedShort();
        ids[node] = in.readNBytes(idLen);
        if (ids[node].length != idLen) {
          throw new EOFException();
        }
        seqs[node] = in.readLong();
        graph.initNode(node, level);
        for (int l = 0; l <= level; l++) {
          int count = in.readUnsignedShort();
          if (count > graph.maxNeighbors(l)) {
            throw new CorruptDataException(file + ": node " + node + " has " + count + " neighbours at level " + l);
          }
          for (int i = 0; i < count; i++) {
            int n = in.readInt();
            if (n < 0 || n >= limit) {
              throw new CorruptDataException(file + ": node " + node + " links to " + n + " outside 0.." + limit);
            }
            buf[i] = n;
          }
          graph.setNeighbors(node, l, buf, count);
        }
      }
      if (entry != -1) {
        int e = HnswGraph.entryNode(entry);
        if (e < 0 || e >= limit || graph.level(e) != HnswGraph.entryLevel(entry)) {
          throw new CorruptDataException(file + ": bad entry point");
        }
        graph.setEntry(e, HnswGraph.entryLevel(entry));
      }
      return new Loaded(graph, limit, ids, seqs, nodes);
    });
  }
}
