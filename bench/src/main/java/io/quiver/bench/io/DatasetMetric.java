package io.quiver.bench.io;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distance a dataset's ground truth was computed with. Maps onto the engine's and the
 * client's metric of the same name.
 */
public enum DatasetMetric {
  /** Euclidean distance (Quiver scores it squared; the ranking is the same). */
  L2,
  /** Cosine similarity. */
  COSINE,
  /** Inner product. */
  DOT;

  // The metric word follows "metric" on the same line, e.g. "| metric | **cosine** (...)";
  // the first name after it wins, so a later mention ("dot product gives the same ranking")
  // does not.
  private static final Pattern METRIC_LINE = Pattern.compile("(?i)\\bmetric\\b(.*)");
  private static final Pattern NAME = Pattern.compile(
      "(?i)\\b(l2|euclidean|cosine|angular|dot|ip|inner[ _-]product)\\b");

  /**
   * Parses a metric name as the user writes it on the command line: {@code l2} (or
   * {@code euclidean}), {@code cosine} (or {@code angular}), {@code dot} (or {@code ip}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static DatasetMetric parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_')) {
      case "l2", "euclidean" -> L2;
      case "cosine", "angular" -> COSINE;
      case "dot", "ip", "inner_product" -> DOT;
      default -> throw new IllegalArgumentException("unknown metric '" + name
          + "'; expected l2, cosine or dot");
    };
  }

  /**
   * Finds the metric a dataset README names: the first metric name on the first line that
   * mentions "metric" and names one. Returns null when no line does.
   */
  public static DatasetMetric fromReadme(String text) {
    for (String line : text.split("\\R")) {
      Matcher m = METRIC_LINE.matcher(line);
      if (m.find()) {
        Matcher n = NAME.matcher(m.group(1));
        if (n.find()) {
          return parse(n.group(1));
        }
      }
    }
    return null;
  }
}
