package dev.orders.perf.scale;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the rows ScaleBench measured, grouped by call type, with ratios to the first (smallest) size. */
final class ScaleTable {

  private record Row(String label, String call, long calls, long p50, long p99, String load) {}

  private ScaleTable() {}

  static void print(Path tsv, PrintStream out) throws IOException {
    Map<String, List<Row>> byCall = new LinkedHashMap<>();
    for (String line : Files.readAllLines(tsv)) {
      String[] f = line.split("\t");
      Row r = new Row(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
          f.length > 5 ? f[5] : "?");
      byCall.computeIfAbsent(r.call(), k -> new java.util.ArrayList<>()).add(r);
    }
    out.printf(Locale.ROOT, "| %-30s | %-8s | %6s | %8s | %8s | %9s | %9s | %5s |%n",
        "call", "orders", "calls", "p50 ms", "p99 ms", "p50 ratio", "p99 ratio", "load");
    out.println("|" + "-".repeat(32) + "|" + "-".repeat(10) + "|" + "-".repeat(8) + "|" + "-".repeat(10) + "|"
        + "-".repeat(10) + "|" + "-".repeat(11) + "|" + "-".repeat(11) + "|" + "-".repeat(7) + "|");
    for (List<Row> rows : byCall.values()) {
      Row base = rows.get(0);
      for (Row r : rows) {
        out.printf(Locale.ROOT, "| %-30s | %-8s | %6d | %8.3f | %8.3f | %8.2fx | %8.2fx | %5s |%n", r.call(), r.label(),
            r.calls(), r.p50() / 1000.0, r.p99() / 1000.0, (double) r.p50() / base.p50(), (double) r.p99() / base.p99(),
            r.load());
      }
    }
  }
}
