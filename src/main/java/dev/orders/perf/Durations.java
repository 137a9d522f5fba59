package dev.orders.perf;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** k6-style durations: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, and sums like {@code 1m30s}. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    Matcher m = PART.matcher(s);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      nanos += (long) (n * switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      });
      end = m.end();
    }
    if (s.isEmpty() || end != s.length()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 30s, 5m, 1m30s, 1h)");
    }
    return Duration.ofNanos(nanos);
  }

  /** Short human form for logs and reports: 950ms, 42s, 5m, 1m30s. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + "s";
    }
    return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
  }
}
