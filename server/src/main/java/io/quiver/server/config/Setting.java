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
 */
public record Setting(String section, String key, Type type, Object defaultValue, long min, long max,
    String description) {

  /** Value types. */
  public enum Type {
    INT,
    BOOL,
    STRING
  }

  /** {@code section.key}. */
  public String name() {
    return section + "." + key;
  }

  /** {@code QUIVER__SECTION__KEY}. */
  public String envName() {
    return "QUIVER__" + section.toUpperCase(java.util.Locale.ROOT) + "__" + key.toUpperCase(java.util.Locale.ROOT);
  }

  /** Parses {@code raw} (from YAML, env or CLI) into this setting's type, or throws naming the key. */
  public Object parse(Object raw, String source) {
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
    }
    throw new AssertionError(type);
  }
}
