package dev.orders.perf;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A k6-style pass/fail rule: {@code [Rpc:]metric<op><value>[unit]}, e.g. {@code GetOrder:p99<20ms},
 * {@code errors<0.1%}, {@code rate>=1500}. Without an Rpc it applies to all calls together.
 *
 * <p>Metrics: p50 p90 p95 p99 p99.9 max mean (units us, ms (default), s); errors (a ratio with %,
 * otherwise a count); rate (calls per second); count.
 */
public record Threshold(String text, String rpc, String metric, String op, double limit) {

  /** The rule, the value the run produced, and whether the rule held. */
  public record Verdict(Threshold threshold, double actual, boolean passed) {
    public String describe() {
      return threshold.text() + " → actual " + threshold.format(actual) + (passed ? " ✓" : " ✗ BREACHED");
    }
  }

  private static final Pattern SYNTAX = Pattern.compile(
      "^(?:(\\w+):)?(p50|p90|p95|p99|p99\\.9|max|mean|errors|rate|count)\\s*(<=|>=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(us|ms|s|%|/s)?$");

  public static Threshold parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("threshold '" + text + "' is not [Rpc:]metric<op><value>[unit]"
          + " (e.g. 'GetOrder:p99<20ms', 'errors<0.1%', 'rate>=1000'; metrics p50 p90 p95 p99 p99.9 max mean errors rate count)");
    }
    String rpc = m.group(1);
    if (rpc != null) {
      rpc = Rpc.named(rpc).map(Rpc::name).orElseThrow(() -> new IllegalArgumentException("threshold '" + text
          + "': unknown call " + m.group(1) + " (known: " + List.of(Rpc.values()) + ")"));
    }
    String metric = m.group(2);
    String unit = m.group(5) == null ? "" : m.group(5);
    return new Threshold(text.trim(), rpc, metric, m.group(3), limit(text, metric, Double.parseDouble(m.group(4)), unit));
  }

  /** Limits are normalised: latencies to ms, error ratios to fractions. */
  private static double limit(String text, String metric, double value, String unit) {
    boolean latency = metric.startsWith("p") || metric.equals("max") || metric.equals("mean");
    if (latency) {
      return switch (unit) {
        case "", "ms" -> value;
        case "us" -> value / 1000;
        case "s" -> value * 1000;
        default -> throw new IllegalArgumentException("threshold '" + text + "': latency units are us, ms or s");
      };
    }
    if (metric.equals("errors")) {
      if (unit.equals("%")) {
        return value / 100;
      }
      if (!unit.isEmpty()) {
        throw new IllegalArgumentException("threshold '" + text + "': errors take % (a ratio) or no unit (a count)");
      }
      return value;
    }
    if (!unit.isEmpty() && !(metric.equals("rate") && unit.equals("/s"))) {
      throw new IllegalArgumentException("threshold '" + text + "': " + metric + " takes no unit");
    }
    return value;
  }

  public Verdict evaluate(RunResult result) {
    RunResult.RpcStats s = rpc == null ? result.overall() : result.rpc(rpc);
    if (s == null || s.count() == 0) {
      return new Verdict(this, Double.NaN, false);   // a rule about calls that never ran cannot pass
    }
    double actual = actual(s);
    boolean ok = switch (op) {
      case "<" -> actual < limit;
      case "<=" -> actual <= limit;
      case ">" -> actual > limit;
      default -> actual >= limit;
    };
    return new Verdict(this, actual, ok);
  }

  private double actual(RunResult.RpcStats s) {
    return switch (metric) {
      case "p50" -> s.p50();
      case "p90" -> s.p90();
      case "p95" -> s.p95();
      case "p99" -> s.p99();
      case "p99.9" -> s.p999();
      case "max" -> s.max();
      case "mean" -> s.mean();
      case "errors" -> isRatio() ? s.errorRatio() : s.errors();
      case "rate" -> s.rate();
      default -> s.count();
    };
  }

  private boolean isRatio() {
    return text.endsWith("%");
  }

  String format(double v) {
    if (Double.isNaN(v)) {
      return "no calls";
    }
    return switch (metric) {
      case "errors" -> isRatio() ? String.format(Locale.ROOT, "%.3f%%", v * 100) : String.format(Locale.ROOT, "%.0f", v);
      case "rate" -> String.format(Locale.ROOT, "%.1f/s", v);
      case "count" -> String.format(Locale.ROOT, "%.0f", v);
      default -> String.format(Locale.ROOT, "%.2fms", v);
    };
  }
}
