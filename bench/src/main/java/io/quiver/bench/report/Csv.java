package io.quiver.bench.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal RFC 4180 CSV: fields holding a comma, quote or line break are quoted, quotes
 * doubled. Enough for the runner's own rows and the peers' CSVs (Python's csv module writes
 * the same dialect). Stateless and thread-safe.
 */
public final class Csv {
  private Csv() {}

  /** One line of CSV, without the line terminator. */
  public static String line(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String c = cells.get(i) == null ? "" : cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Splits one CSV record (quoted fields may not span lines here). */
  public static List<String> parseLine(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /**
   * Reads a CSV file with a header line into one map per row (column name to cell).
   *
   * @throws IllegalArgumentException naming the file and line if a row has more cells than the header
   */
  public static List<Map<String, String>> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    List<Map<String, String>> rows = new ArrayList<>();
    if (lines.isEmpty()) {
      return rows;
    }
    List<String> header = parseLine(stripBom(lines.getFirst()));
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = parseLine(lines.get(i));
      if (cells.size() > header.size()) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + cells.size()
            + " cells, but the header has " + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), c < cells.size() ? cells.get(c) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** Writes rows of a CSV file as they come, flushing each so a crash keeps what was measured. Not thread-safe. */
  public static final class Writer implements AutoCloseable {
    private final BufferedWriter out;

    /** Creates (or replaces) {@code file} and writes {@code header}. */
    public Writer(Path file, List<String> header) {
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
      }
      write(header);
    }

    /** Appends one row and flushes. */
    public void write(List<String> cells) {
      try {
        out.write(line(cells));
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
