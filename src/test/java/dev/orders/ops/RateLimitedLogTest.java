package dev.orders.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orders.testsupport.CapturedLogs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RateLimitedLog log =
      new RateLimitedLog(LoggerFactory.getLogger("dev.orders.ops.test"), Duration.ofSeconds(10), nanos::get);

  @Test
  void warn_repeatedWithinInterval_logsFirstThenOneLineWithTheCount() {
    try (CapturedLogs logs = CapturedLogs.start(Level.INFO)) {
      for (int i = 0; i < 500; i++) {
        log.warn("database down; the last: {}", "GetOrder");
      }
      assertEquals(List.of(1L), counts(logs), "one line for the first 500 calls of a 10 s interval");

      nanos.addAndGet(Duration.ofSeconds(10).toNanos());
      log.warn("database down; the last: {}", "GetOrder");
      log.warn("database down; the last: {}", "GetOrder");
      assertEquals(List.of(1L, 500L), counts(logs), "the next interval's first line counts the 499 held back and itself");
    }
  }

  private static List<Long> counts(CapturedLogs logs) {
    return logs.json(line -> line.path("logger").asText().equals("dev.orders.ops.test")).stream()
        .map(line -> {
          assertEquals("WARN", line.get("level").asText());
          return line.get("count").asLong();
        }).toList();
  }

  @Test
  void jsonLine_carriesTimestampLevelLoggerMessageAndFields() {
    try (CapturedLogs logs = CapturedLogs.start(Level.INFO)) {
      log.warn("database down; the last: {}", net.logstash.logback.argument.StructuredArguments.value("rpc", "GetOrder"),
          net.logstash.logback.argument.StructuredArguments.kv("error", "refused"));
      JsonNode line = logs.json().get(0);
      assertEquals("WARN", line.get("level").asText());
      assertEquals("dev.orders.ops.test", line.get("logger").asText());
      assertEquals("database down; the last: GetOrder (1 since the previous line)", line.get("message").asText());
      assertEquals("GetOrder", line.get("rpc").asText());
      assertEquals("refused", line.get("error").asText(), "a field beyond the placeholders is in the JSON only");
      assertEquals(1, line.get("count").asLong());
      java.time.Instant.parse(line.get("timestamp").asText());
    }
  }
}
