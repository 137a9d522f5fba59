package dev.orders.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Logging settings (ORDERS_LOG_FORMAT, ORDERS_LOG_LEVEL, ORDERS_ACCESS_LOG).
 *
 * @param format the chosen format; empty leaves it to the command ({@code serve}: JSON, the others: text)
 * @param level the root level: trace, debug, info, warn or error
 * @param accessLog one line per gRPC call when true
 */
public record LogConfig(Optional<Format> format, String level, boolean accessLog) {

  public enum Format { JSON, TEXT }

  private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  static Optional<Format> parseFormat(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Format.valueOf(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ORDERS_LOG_FORMAT must be json or text, got '" + value + "'");
    }
  }

  static String parseLevel(String value) {
    String level = value.toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("ORDERS_LOG_LEVEL must be trace, debug, info, warn or error, got '" + value + "'");
    }
    return level;
  }

  /** The format to use: the chosen one, else the command's default. */
  public Format formatOr(Format commandDefault) {
    return format.orElse(commandDefault);
  }
}
