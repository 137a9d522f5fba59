package dev.orders.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** What a scenario measured, printed and appended to target/faults-report.md for perf/RELIABILITY.md. */
final class Report {

  private static final Path FILE = Path.of("target", "faults-report.md");

  private Report() {}

  static void scenario(String name, Driver driver, Map<String, String> measured, String ledger) {
    StringBuilder text = new StringBuilder("### " + name + "\n");
    text.append("- calls: ").append(driver.attempts.size()).append(", by status: ")
        .append(Driver.names(driver.byStatus(0, Long.MAX_VALUE))).append('\n');
    driver.firstMessages.forEach((status, message) -> text.append("- first ").append(status.name()).append(" at ")
        .append(message).append('\n'));
    new java.util.TreeMap<>(measured).forEach((k, v) -> text.append("- ").append(k).append(": ").append(v).append('\n'));
    text.append("- ").append(ledger).append("\n\n");
    write(text.toString());
  }

  static void write(String text) {
    System.out.print(text);
    try {
      Files.writeString(FILE, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
