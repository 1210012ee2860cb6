package io.ddbsync.function.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A function's environment, read once at start. Values are stripped; an unset or blank variable
 * takes its {@link Variable#defaultValue()}. Every refusal is a {@link ConfigurationException}
 * naming the variable.
 */
public final class Environment {

  private final Map<String, String> values;

  public Environment(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The value, or the default when unset or blank. */
  public String text(Variable variable) {
    String value = values.get(variable.name());
    return value == null || value.isBlank() ? variable.defaultValue() : value.strip();
  }

  /** The value, or the default when unset; a variable set to blank stays empty. */
  public String textKeepingEmpty(Variable variable) {
    String value = values.get(variable.name());
    return value == null ? variable.defaultValue() : value.strip();
  }

  /** The value, empty when it (and the default) is blank. */
  public Optional<String> optional(Variable variable) {
    return Optional.of(text(variable)).filter(text -> !text.isEmpty());
  }

  /** A comma-separated list; blank elements are dropped. */
  public List<String> list(Variable variable) {
    return Arrays.stream(text(variable).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** A whole number from {@code min} to {@code max}. */
  public long integer(Variable variable, long min, long max) {
    String text = text(variable);
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(variable, "expected a whole number from " + min + " to " + max + ", got '" + text + "'");
    }
    if (value < min || value > max) {
      throw new ConfigurationException(variable, "expected a whole number from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  /** One of the enum's constants, matched ignoring case, with {@code -} standing for {@code _}. */
  public <E extends Enum<E>> E choice(Variable variable, Class<E> type) {
    String text = text(variable);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
        return constant;
      }
    }
    List<String> names = Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
    String expected = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    throw new ConfigurationException(variable, "expected " + expected + ", got '" + text + "'");
  }

  /**
   * The value through {@code parser}, whose {@link IllegalArgumentException} becomes a refusal of the
   * variable with the parser's message.
   */
  public <T> T parsed(Variable variable, String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(variable, e.getMessage());
    }
  }
}
