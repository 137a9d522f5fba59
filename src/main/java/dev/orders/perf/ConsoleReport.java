package dev.orders.perf;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The live line once a second, and the end-of-run table. */
public final class ConsoleReport {

  private ConsoleReport() {}

  /**
   * In a terminal the line is rewritten in place; in a pipe (CI logs) each second is its own
   * line, because a carriage return there turns the log into one unreadable line.
   */
  public static Consumer<Metrics.Second> progress(PrintStream out, LoadPlan plan, boolean terminal) {
    String unit = plan.model() == LoadPlan.Model.OPEN ? "/s" : " VUs";
    return s -> {
      String line = String.format(Locale.ROOT,
          "%5ds | %,8d calls/s | target %,.0f%s | in-flight %,d | errors %,d (%.2f%%) | p95 %s",
          s.t(), s.calls(), s.target(), unit, s.inFlight(), s.errors(),
          s.calls() == 0 ? 0.0 : 100.0 * s.errors() / s.calls(), ms(s.p95()));
      if (terminal) {
        out.print("\r" + line + "   ");
      } else {
        out.println(line);
      }
      out.flush();
    };
  }

  public static void summary(PrintStream out, RunResult r) {
    RunResult.Info i = r.info();
    out.println();
    out.printf(Locale.ROOT, "scenario %s | %s | %s | %d connections to %s%n", i.scenario(), i.model(), i.profile(),
        i.connections(), i.target());
    out.println("dataset  " + i.dataset());
    out.println("server   " + i.server());
    out.println();
    out.printf("%-18s %10s %10s %8s %9s %9s %9s %9s %9s %9s%n",
        "rpc", "calls", "rate/s", "errors", "p50", "p90", "p95", "p99", "p99.9", "max");
    r.rpcs().forEach(s -> row(out, s));
    row(out, r.overall());
    out.println("latencies in ms, from the intended send time (open model) or the send time (closed model)");
    errors(out, r.rpcs());
    if (r.info().model().startsWith("open")) {
      out.printf(Locale.ROOT, "scheduler lag p99 %.2f ms (how late the tool itself sent calls; included above)%n",
          r.lagP99Ms());
    }
  }

  public static void verdicts(PrintStream out, List<Threshold.Verdict> verdicts) {
    if (verdicts.isEmpty()) {
      return;
    }
    out.println();
    out.println("thresholds");
    verdicts.forEach(v -> out.println("  " + v.describe()));
    long breached = verdicts.stream().filter(v -> !v.passed()).count();
    out.println(breached == 0 ? "all thresholds passed" : breached + " threshold(s) breached");
  }

  private static void row(PrintStream out, RunResult.RpcStats s) {
    out.printf(Locale.ROOT, "%-18s %,10d %10.1f %8s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%n",
        s.name(), s.count(), s.rate(), s.errors() == 0 ? "0" : String.format(Locale.ROOT, "%.2f%%", 100 * s.errorRatio()),
        s.p50(), s.p90(), s.p95(), s.p99(), s.p999(), s.max());
  }

  private static void errors(PrintStream out, List<RunResult.RpcStats> rpcs) {
    for (RunResult.RpcStats s : rpcs) {
      for (Map.Entry<String, Long> e : s.errorsByStatus().entrySet()) {
        out.printf(Locale.ROOT, "errors   %-18s %-22s %,d%n", s.name(), e.getKey(), e.getValue());
      }
    }
  }

  static String ms(double v) {
    return v < 10 ? String.format(Locale.ROOT, "%.2fms", v) : String.format(Locale.ROOT, "%.0fms", v);
  }
}
