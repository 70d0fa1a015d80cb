package io.quiver.server.config;

/**
 * One configuration key: its section, name, type, default and meaning. The full name is
 * {@code section.key} in {@code quiver.yaml}, {@code QUIVER__SECTION__KEY} in the
 * environment, and {@code --set section.key=value} on the command line.
 *
 * @param section YAML section, snake_case
 * @param key key inside the section, snake_case
 * @param type how the value is parsed
 * @param defaultValue the value when nothing sets it
 * @param min smallest accepted value for numbers
 * @param max largest accepted value for numbers
 * @param description one line for --print-config and the README
 * @param choices for {@link Type#CHOICE}, the accepted values (lower case); empty otherwise
 */
public record Setting(String section, String key, Type type, Object defaultValue, long min, long max,
    String description, java.util.List<String> choices) {

  public Setting {
    choices = java.util.List.copyOf(choices);
    if (type == Type.CHOICE && !choices.contains(defaultValue)) {
      throw new IllegalArgumentException(section + "." + key + ": default not among " + choices);
    }
  }

  /** A setting that is not a {@link Type#CHOICE}. */
  public Setting(String section, String key, Type type, Object defaultValue, long min, long max,
      String description) {
    this(section, key, type, defaultValue, min, max, description, java.util.List.of());
  }

  /** A setting whose value is one of {@code choices} (case-insensitive; stored lower case). */
  public static Setting choice(String section, String key, String defaultValue, java.util.List<String> choices,
      String description) {
    return new Setting(section, key, Type.CHOICE, defaultValue, 0, 0, description, choices);
  }

  /** Value types. */
  public enum Type {
    INT,
    BOOL,
    STRING,
    /** One of a fixed set of words. */
    CHOICE,
    /** A string that may be empty, which means "not set" (e.g. an optional file path). */
    OPTIONAL_STRING,
    /**
     * An optional string that is a credential: parsed like {@link #OPTIONAL_STRING}, but never
     * printed; {@link #display} shows only whether it is set.
     */
    SECRET
  }

  /** {@code section.key}. */
  public String name() {
    return section + "." + key;
  }

  /** {@code QUIVER__SECTION__KEY}. */
  public String envName() {
    return "QUIVER__" + section.toUpperCase(java.util.Locale.ROOT) + "__" + key.toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * How a value of this setting is shown by {@code --print-config} and in the sample file:
   * as is, except that an empty string is {@code ""} and a set secret is {@code <redacted>}.
   */
  public String display(Object value) {
    String text = String.valueOf(value);
    if (text.isEmpty()) {
      return "\"\"";
    }
    return type == Type.SECRET ? "<redacted>" : text;
  }

  /** Parses {@code raw} (from YAML, env or CLI) into this setting's type, or throws naming the key. */
  public Object parse(Object raw, String source) {
    if (raw == null && (type == Type.OPTIONAL_STRING || type == Type.SECRET)) {
      return ""; // an empty YAML value
    }
    String text = String.valueOf(raw).trim();
    switch (type) {
      case INT -> {
        long v;
        if (raw instanceof Number n && !(raw instanceof Double || raw instanceof Float)) {
          v = n.longValue();
        } else {
          try {
            v = Long.parseLong(text);
          } catch (NumberFormatException e) {
            throw new ConfigException(name() + " (from " + source + "): expected an integer, got '" + text + "'");
          }
        }
        if (v < min || v > max) {
          throw new ConfigException(name() + " (from " + source + "): must be " + min + ".." + max + ", got " + v);
        }
        return (int) v;
      }
      case BOOL -> {
        if (raw instanceof Boolean b) {
          return b;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
          case "true", "yes", "on", "1" -> true;
          case "false", "no", "off", "0" -> false;
          default -> throw new ConfigException(name() + " (from " + source + "): expected true or false, got '" + text + "'");
        };
      }
      case STRING -> {
        if (text.isEmpty()) {
          throw new ConfigException(name() + " (from " + source + "): must not be empty");
        }
        return text;
      }
      case OPTIONAL_STRING, SECRET -> {
        return text;
      }
      case CHOICE -> {
        String word = text.toLowerCase(java.util.Locale.ROOT);
        if (!choices.contains(word)) {
          throw new ConfigException(name() + " (from " + source + "): must be one of " + String.join(", ", choices)
              + ", got '" + text + "'");
        }
        return word;
      }
    }
    throw new AssertionError(type);
  }
}
