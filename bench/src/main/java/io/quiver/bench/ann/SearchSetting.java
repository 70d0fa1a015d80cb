package io.quiver.bench.ann;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One point of a search sweep: a named search-time knob and its value, such as {@code ef=64}.
 * The names are those of the engine's {@code SearchParams} and the API's
 * {@code SearchParams} message, so a sweep means the same in-process and over gRPC.
 * Immutable.
 *
 * @param knob which knob
 * @param value its value (for {@link Knob#EXACT}: 0 or 1)
 */
public record SearchSetting(Knob knob, int value) {
  /** Search-time knobs an index may read; an index ignores the ones it does not use. */
  public enum Knob {
    /** HNSW: size of the candidate list during search. */
    EF("ef"),
    /** IVF: number of inverted lists scanned. */
    NPROBE("nprobe"),
    /** Bypass the index and scan every vector (1) or not (0). */
    EXACT("exact");

    private final String label;

    Knob(String label) {
      this.label = label;
    }

    /** The name as written on the command line and in the CSV. */
    public String label() {
      return label;
    }
  }

  /**
   * Parses {@code NAME=V1,V2,...} into one setting per value, in the order given.
   *
   * @throws IllegalArgumentException naming the problem (unknown name, missing or bad value)
   */
  public static List<SearchSetting> parseSweep(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException("--search '" + text + "': expected NAME=V1,V2,... "
          + "with NAME one of ef, nprobe, exact (e.g. ef=16,32,64)");
    }
    String name = text.substring(0, eq).trim().toLowerCase(Locale.ROOT);
    Knob knob = switch (name) {
      case "ef" -> Knob.EF;
      case "nprobe" -> Knob.NPROBE;
      case "exact" -> Knob.EXACT;
      default -> throw new IllegalArgumentException("--search '" + text + "': unknown search "
          + "parameter '" + name + "'; known: ef, nprobe, exact");
    };
    List<SearchSetting> out = new ArrayList<>();
    for (String part : text.substring(eq + 1).split(",", -1)) {
      String v = part.trim();
      int value;
      if (knob == Knob.EXACT && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
        value = v.equalsIgnoreCase("true") ? 1 : 0;
      } else {
        try {
          value = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--search '" + text + "': '" + v
              + "' is not a whole number");
        }
      }
      if (value < 0 || (knob == Knob.EXACT && value > 1)) {
        throw new IllegalArgumentException("--search '" + text + "': " + name + " must be "
            + (knob == Knob.EXACT ? "0 or 1 (or true/false)" : "a non-negative number (0: the index's default)")
            + ", got " + v);
      }
      out.add(new SearchSetting(knob, value));
    }
    return out;
  }

  /** The knobs this setting turns; the others stay at 0 (the index's default). */
  public SearchKnobs knobs() {
    return switch (knob) {
      case EF -> new SearchKnobs(value, 0, false);
      case NPROBE -> new SearchKnobs(0, value, false);
      case EXACT -> new SearchKnobs(0, 0, value == 1);
    };
  }

  /** As written in the CSV's {@code search_param} column, e.g. {@code ef=64}. */
  @Override
  public String toString() {
    return knob.label() + "=" + value;
  }
}
