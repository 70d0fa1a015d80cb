package io.quiver.bench.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a JSON Lines file (one JSON value per line) lazily, so the metadata of a million base
 * vectors streams alongside them instead of sitting in the heap. Blank lines are skipped;
 * a line that is not valid JSON fails with the file name and line number.
 *
 * <p>Not thread-safe: one reader per consumer.
 */
public final class JsonLines implements Iterator<JsonNode>, AutoCloseable {
  /** Jackson's mapper is thread-safe once configured; one is enough for the process. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path path;
  private final BufferedReader reader;
  private JsonNode next;
  private long lineNumber;

  private JsonLines(Path path, BufferedReader reader) {
    this.path = path;
    this.reader = reader;
  }

  /** Opens {@code path}; {@link DatasetFormatException} if it is missing or unreadable. */
  public static JsonLines open(Path path) {
    try {
      return new JsonLines(path, Files.newBufferedReader(path, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new DatasetFormatException(path + ": file not found");
    } catch (IOException e) {
      throw new DatasetFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** The line number of the value last returned by {@link #next} (1-based). */
  public long lineNumber() {
    return lineNumber;
  }

  /** The file being read. */
  public Path path() {
    return path;
  }

  /**
   * Skips {@code n} lines without parsing them (for a reader that starts mid-file). Blank
   * lines count too, so this is only for files with one value on every line.
   *
   * @throws DatasetFormatException if the file has fewer lines
   */
  public void skipLines(long n) {
    if (next != null) {
      throw new IllegalStateException("skipLines after hasNext");
    }
    try {
      for (long i = 0; i < n; i++) {
        if (reader.readLine() == null) {
          throw new DatasetFormatException(path + ": ends after " + lineNumber + " lines; expected at least " + n);
        }
        lineNumber++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": read failed at line " + lineNumber, e);
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (!line.isBlank()) {
          next = MAPPER.readTree(line);
          return true;
        }
      }
      return false;
    } catch (JsonProcessingException e) {
      throw new DatasetFormatException(path + ":" + lineNumber + ": not valid JSON ("
          + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": read failed at line " + lineNumber, e);
    }
  }

  @Override
  public JsonNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException(path + ": no more lines after line " + lineNumber);
    }
    JsonNode n = next;
    next = null;
    return n;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
