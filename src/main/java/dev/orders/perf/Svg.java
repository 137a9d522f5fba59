package dev.orders.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Just enough SVG for the report: line, dashed, area and bar series on linear or log axes. */
final class Svg {

  enum Style { LINE, DASHED, AREA, BARS }

  record Series(String name, String color, double[] xs, double[] ys, Style style) {}

  record Tick(double value, String label) {}

  record Axis(double min, double max, boolean log, List<Tick> ticks, String label) {
    double t(double v) {
      return log ? Math.log10(Math.max(v, min)) : v;
    }
  }

  private static final int LEFT = 64;
  private static final int RIGHT = 30;
  private static final int TOP = 34;
  private static final int BOTTOM = 40;

  private Svg() {}

  static String chart(Axis x, Axis y, List<Series> series, int width, int height) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\""
        + " role=\"img\" class=\"chart\">", width, height));
    int pw = width - LEFT - RIGHT;
    int ph = height - TOP - BOTTOM;
    for (Tick t : y.ticks()) {
      double py = TOP + ph - frac(y, t.value()) * ph;
      b.append(line(LEFT, py, LEFT + pw, py, "#e5e7eb", 1, null));
      b.append(text(LEFT - 6, py + 4, t.label(), "end", "#6b7280"));
    }
    for (Tick t : x.ticks()) {
      double px = LEFT + frac(x, t.value()) * pw;
      b.append(line(px, TOP + ph, px, TOP + ph + 4, "#9ca3af", 1, null));
      b.append(text(px, TOP + ph + 18, t.label(), "middle", "#6b7280"));
    }
    b.append(line(LEFT, TOP + ph, LEFT + pw, TOP + ph, "#9ca3af", 1, null));
    b.append(text(LEFT + pw / 2.0, height - 4, x.label(), "middle", "#374151"));
    b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\""
        + " font-size=\"12\" fill=\"#374151\">%s</text>", TOP + ph / 2.0, TOP + ph / 2.0, Html.esc(y.label())));
    for (Series s : series) {
      b.append(plot(s, x, y, pw, ph));
    }
    legend(b, series);
    return b.append("</svg>").toString();
  }

  private static String plot(Series s, Axis x, Axis y, int pw, int ph) {
    StringBuilder pts = new StringBuilder();
    List<double[]> xy = new ArrayList<>();
    for (int i = 0; i < s.xs().length; i++) {
      double px = LEFT + frac(x, s.xs()[i]) * pw;
      double py = TOP + ph - Math.min(1, frac(y, s.ys()[i])) * ph;
      xy.add(new double[] {px, py});
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
    }
    String title = "<title>" + Html.esc(s.name()) + "</title>";
    return switch (s.style()) {
      case BARS -> bars(s, xy, pw, ph, title);
      case AREA -> xy.isEmpty() ? "" : String.format(Locale.ROOT,
          "<polygon points=\"%.1f,%d %s%.1f,%d\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\"/>"
              + "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\">%s</polyline>",
          xy.get(0)[0], TOP + ph, pts, xy.get(xy.size() - 1)[0], TOP + ph, s.color(), pts, s.color(), title);
      case DASHED -> String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\""
          + " stroke-dasharray=\"6 4\">%s</polyline>", pts, s.color(), title);
      case LINE -> String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
          + " stroke-linejoin=\"round\">%s</polyline>", pts, s.color(), title);
    };
  }

  private static String bars(Series s, List<double[]> xy, int pw, int ph, String title) {
    double w = Math.max(1.5, pw / Math.max(1.0, xy.size()) * 0.7);
    StringBuilder b = new StringBuilder("<g fill=\"" + s.color() + "\">" + title);
    for (double[] p : xy) {
      double h = TOP + ph - p[1];
      if (h > 0.2) {
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
            p[0] - w / 2, p[1], w, h));
      }
    }
    return b.append("</g>").toString();
  }

  private static void legend(StringBuilder b, List<Series> series) {
    double x = LEFT;
    for (Series s : series) {
      b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"10\" width=\"14\" height=\"4\" rx=\"2\" fill=\"%s\"/>",
          x, s.color()));
      b.append(text(x + 18, 16, s.name(), "start", "#374151"));
      x += 30 + s.name().length() * 7.2;
    }
  }

  private static double frac(Axis a, double v) {
    double lo = a.t(a.min());
    double hi = a.t(a.max());
    return hi <= lo ? 0 : Math.max(0, (a.t(v) - lo) / (hi - lo));
  }

  private static String line(double x1, double y1, double x2, double y2, String color, double w, String dash) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
        x1, y1, x2, y2, color, w, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  private static String text(double x, double y, String s, String anchor, String color) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\" fill=\"%s\">%s</text>",
        x, y, anchor, color, Html.esc(s));
  }

  /** About five round ticks (1, 2, 5 × 10^k) from 0 to at least max. */
  static Axis linear(double max, String label, String unit) {
    double top = max <= 0 ? 1 : max;
    double raw = top / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag <= 1 ? mag : raw / mag <= 2 ? 2 * mag : raw / mag <= 5 ? 5 * mag : 10 * mag;
    List<Tick> ticks = new ArrayList<>();
    for (double v = 0; v <= top + step * 0.999; v += step) {
      ticks.add(new Tick(v, number(v) + unit));
    }
    return new Axis(0, ticks.get(ticks.size() - 1).value(), false, ticks, label);
  }

  /** Decades (and 2, 5 between them when the range is narrow) covering [min, max]. */
  static Axis log(double min, double max, String label, String unit) {
    double lo = Math.pow(10, Math.floor(Math.log10(Math.max(min, 0.01))));
    double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(max, lo * 10))));
    boolean fine = hi / lo <= 1000;
    List<Tick> ticks = new ArrayList<>();
    for (double d = lo; d <= hi * 1.001; d *= 10) {
      ticks.add(new Tick(d, label(d, unit)));
      if (fine && d * 10 <= hi * 1.001) {
        ticks.add(new Tick(2 * d, label(2 * d, unit)));
        ticks.add(new Tick(5 * d, label(5 * d, unit)));
      }
    }
    return new Axis(lo, hi, true, ticks, label);
  }

  /** Milliseconds from a second up read better as seconds: 2s, not 2kms. */
  private static String label(double v, String unit) {
    return "ms".equals(unit) && v >= 1000 ? number(v / 1000) + "s" : number(v) + unit;
  }

  static String number(double v) {
    if (v >= 1000 && v % 1000 == 0) {
      return String.format(Locale.ROOT, "%.0fk", v / 1000);
    }
    if (v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, v < 0.1 ? "%.2f" : "%.1f", v);
  }
}
