package dev.orders.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code --report report.html}: one self-contained page (inline CSS and SVG, no scripts, no
 * fonts to fetch) that opens from a CI artifact or a mail attachment.
 */
public final class HtmlReport {

  private static final String[] RPC_COLORS = {"#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2"};
  private static final int W = 960;
  private static final int H = 300;

  private HtmlReport() {}

  public static void write(Path file, RunResult r, List<Threshold.Verdict> verdicts) throws IOException {
    Files.writeString(file, render(r, verdicts));
  }

  public static String render(RunResult r, List<Threshold.Verdict> verdicts) {
    RunResult.Info i = r.info();
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.esc("load test — " + i.scenario() + " — " + i.startedAt())).append("</title>\n")
        .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
    b.append("<h1>orders load test: <span>").append(Html.esc(i.scenario())).append("</span></h1>\n");
    b.append("<p class=\"meta\">").append(Html.esc(i.startedAt() + " · " + i.model() + " · " + i.profile() + " · "
        + i.connections() + " connections to " + i.target())).append("<br>")
        .append(Html.esc("dataset: " + i.dataset())).append("<br>")
        .append(Html.esc("server: " + i.server())).append("</p>\n");
    cards(b, r, verdicts);
    section(b, "Latency over time", "Per-second percentiles, log scale. Open model: measured from the intended send"
        + " time, so queueing in the service shows up here instead of hiding.", latencyChart(r));
    section(b, "Throughput and errors", "Calls answered without error per second (blue); errors per second (red)"
        + (i.model().startsWith("open") ? "; the dashed line is the arrival rate asked for." : "."), throughputChart(r));
    section(b, "Calls in flight", "Open model: a line that keeps climbing means the service is slower than the"
        + " arrival rate.", inFlightChart(r));
    section(b, "Latency distribution", "Each call's latency at every percentile (HdrHistogram), per RPC; the tail is"
        + " on the right.", distributionChart(r));
    table(b, r);
    thresholds(b, verdicts);
    b.append("<p class=\"meta\">command: <code>").append(Html.esc(i.command())).append("</code></p>\n");
    return b.append("</main>\n</body>\n</html>\n").toString();
  }

  private static void cards(StringBuilder b, RunResult r, List<Threshold.Verdict> verdicts) {
    RunResult.RpcStats o = r.overall();
    long breached = verdicts.stream().filter(v -> !v.passed()).count();
    b.append("<div class=\"cards\">");
    card(b, "calls", String.format(Locale.ROOT, "%,d", o.count()), "");
    card(b, "rate", String.format(Locale.ROOT, "%,.0f/s", o.rate()), "");
    card(b, "p50", ConsoleReport.ms(o.p50()), "");
    card(b, "p99", ConsoleReport.ms(o.p99()), "");
    card(b, "errors", String.format(Locale.ROOT, "%.2f%%", 100 * o.errorRatio()), o.errors() > 0 ? "bad" : "good");
    if (!verdicts.isEmpty()) {
      card(b, "thresholds", breached == 0 ? "passed" : breached + " breached", breached == 0 ? "good" : "bad");
    }
    b.append("</div>\n");
  }

  private static void card(StringBuilder b, String label, String value, String cls) {
    b.append("<div class=\"card ").append(cls).append("\"><div class=\"v\">").append(Html.esc(value))
        .append("</div><div class=\"l\">").append(label).append("</div></div>");
  }

  private static void section(StringBuilder b, String title, String note, String svg) {
    b.append("<section><h2>").append(title).append("</h2><p class=\"note\">").append(Html.esc(note)).append("</p>")
        .append(svg).append("</section>\n");
  }

  private static String latencyChart(RunResult r) {
    // a second without completed calls has no latency; plotting it as 0 would draw a false dip
    List<Metrics.Second> s = r.series().stream().filter(x -> x.calls() > 0).toList();
    double lo = s.stream().mapToDouble(Metrics.Second::p50).filter(v -> v > 0).min().orElse(0.1);
    double hi = s.stream().mapToDouble(Metrics.Second::max).max().orElse(1);
    return Svg.chart(timeAxis(s), Svg.log(lo, hi, "latency", "ms"), List.of(
        series("p50", "#2563eb", s, Metrics.Second::p50, Svg.Style.LINE),
        series("p90", "#0d9488", s, Metrics.Second::p90, Svg.Style.LINE),
        series("p99", "#ea580c", s, Metrics.Second::p99, Svg.Style.LINE),
        series("max", "#9ca3af", s, Metrics.Second::max, Svg.Style.DASHED)), W, H);
  }

  private static String throughputChart(RunResult r) {
    List<Metrics.Second> s = r.series();
    boolean open = r.info().model().startsWith("open");
    double hi = s.stream().mapToDouble(x -> Math.max(x.calls(), open ? x.target() : 0)).max().orElse(1);
    List<Svg.Series> lines = new ArrayList<>();
    // errors include dropped arrivals, which never became calls: clamp rather than dip below 0
    lines.add(series("ok/s", "#2563eb", s, x -> Math.max(0, x.calls() - x.errors()), Svg.Style.AREA));
    lines.add(series("errors/s", "#dc2626", s, x -> x.errors(), Svg.Style.BARS));
    if (open) {
      lines.add(series("target/s", "#111827", s, Metrics.Second::target, Svg.Style.DASHED));
    }
    return Svg.chart(timeAxis(s), Svg.linear(hi, "calls per second", ""), lines, W, H);
  }

  private static String inFlightChart(RunResult r) {
    List<Metrics.Second> s = r.series();
    double hi = s.stream().mapToDouble(Metrics.Second::inFlight).max().orElse(1);
    return Svg.chart(timeAxis(s), Svg.linear(hi, "in flight", ""),
        List.of(series("in flight", "#7c3aed", s, x -> x.inFlight(), Svg.Style.AREA)), W, 200);
  }

  /** x = log10(1 / (1 - p)): 0 is the median's left, 1 is 90%, 2 is 99%, 3 is 99.9%. */
  private static String distributionChart(RunResult r) {
    List<Svg.Series> lines = new ArrayList<>();
    double maxX = Math.max(1, Math.min(4, Math.floor(Math.log10(Math.max(10, r.overall().count())))));
    double lo = Double.MAX_VALUE;
    double hi = 0;
    int c = 0;
    for (Map.Entry<String, Histogram> e : r.rpcHistograms().entrySet()) {
      Histogram h = e.getValue();
      if (h.getTotalCount() == 0) {
        continue;
      }
      int n = 120;
      double[] xs = new double[n + 1];
      double[] ys = new double[n + 1];
      for (int k = 0; k <= n; k++) {
        xs[k] = maxX * k / n;
        ys[k] = h.getValueAtPercentile(100 * (1 - Math.pow(10, -xs[k]))) / 1000.0;
        lo = Math.min(lo, Math.max(ys[k], 0.01));
        hi = Math.max(hi, ys[k]);
      }
      lines.add(new Svg.Series(e.getKey(), RPC_COLORS[c++ % RPC_COLORS.length], xs, ys, Svg.Style.LINE));
    }
    List<Svg.Tick> ticks = new ArrayList<>();
    String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%"};
    for (int k = 0; k <= maxX; k++) {
      ticks.add(new Svg.Tick(k, labels[k]));
    }
    Svg.Axis x = new Svg.Axis(0, maxX, false, ticks, "percentile");
    return Svg.chart(x, Svg.log(lines.isEmpty() ? 0.1 : lo, Math.max(hi, 1), "latency", "ms"), lines, W, H);
  }

  private static Svg.Axis timeAxis(List<Metrics.Second> s) {
    int end = s.isEmpty() ? 1 : Math.max(1, s.get(s.size() - 1).t());
    Svg.Axis a = Svg.linear(end, "seconds since start", "s");
    return new Svg.Axis(0, end, false, a.ticks().stream().filter(t -> t.value() <= end).toList(), a.label());
  }

  private static Svg.Series series(String name, String color, List<Metrics.Second> s,
                                   java.util.function.ToDoubleFunction<Metrics.Second> f, Svg.Style style) {
    double[] xs = s.stream().mapToDouble(Metrics.Second::t).toArray();
    double[] ys = s.stream().mapToDouble(f).toArray();
    return new Svg.Series(name, color, xs, ys, style);
  }

  private static void table(StringBuilder b, RunResult r) {
    b.append("<section><h2>Per RPC</h2><table><thead><tr><th>rpc</th><th>calls</th><th>rate/s</th><th>errors</th>")
        .append("<th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr></thead><tbody>");
    r.rpcs().forEach(s -> row(b, s, ""));
    row(b, r.overall(), " class=\"total\"");
    b.append("</tbody></table><p class=\"note\">latencies in ms");
    if (r.info().model().startsWith("open")) {
      b.append(String.format(Locale.ROOT, "; the tool's own scheduler lag p99 was %.2f ms (included)", r.lagP99Ms()));
    }
    b.append("</p>");
    for (RunResult.RpcStats s : r.rpcs()) {
      s.errorsByStatus().forEach((status, n) -> b.append("<p class=\"err\">").append(Html.esc(s.name() + ": " + n
          + " × " + status)).append("</p>"));
    }
    b.append("</section>\n");
  }

  private static void row(StringBuilder b, RunResult.RpcStats s, String attrs) {
    b.append("<tr").append(attrs).append("><td>").append(Html.esc(s.name())).append("</td>")
        .append(String.format(Locale.ROOT, "<td>%,d</td><td>%,.1f</td><td%s>%s</td>", s.count(), s.rate(),
            s.errors() > 0 ? " class=\"bad\"" : "", s.errors() == 0 ? "0" : String.format(Locale.ROOT, "%,d (%.2f%%)",
                s.errors(), 100 * s.errorRatio())))
        .append(String.format(Locale.ROOT, "<td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>",
            s.p50(), s.p90(), s.p95(), s.p99(), s.p999(), s.max()))
        .append("</tr>");
  }

  private static void thresholds(StringBuilder b, List<Threshold.Verdict> verdicts) {
    if (verdicts.isEmpty()) {
      return;
    }
    b.append("<section><h2>Thresholds</h2><ul class=\"thresholds\">");
    verdicts.forEach(v -> b.append("<li class=\"").append(v.passed() ? "good" : "bad").append("\">")
        .append(Html.esc(v.describe())).append("</li>"));
    b.append("</ul></section>\n");
  }

  private static final String CSS = """
      body{margin:0;background:#f8fafc;color:#111827;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
      main{max-width:1000px;margin:0 auto;padding:24px}
      h1{font-size:22px;margin:0 0 4px}h1 span{color:#2563eb}
      h2{font-size:16px;margin:0 0 2px}
      .meta{color:#6b7280;margin:4px 0 16px}.note{color:#6b7280;margin:0 0 8px;font-size:13px}
      .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
      .card{flex:1;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px;min-width:90px}
      .card .v{font-size:21px;font-weight:600;white-space:nowrap}.card .l{color:#6b7280;font-size:12px;text-transform:uppercase}
      .card.good .v,li.good{color:#15803d}.card.bad .v,li.bad,td.bad,.err{color:#b91c1c}
      section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:14px 16px;margin-bottom:16px}
      table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
      th,td{padding:4px 8px;text-align:right;border-bottom:1px solid #f1f5f9}th:first-child,td:first-child{text-align:left}
      tr.total td{font-weight:600;border-top:2px solid #e5e7eb}
      .err{margin:2px 0;font-size:13px}code{font-size:12px}
      """;
}
