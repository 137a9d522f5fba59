package dev.orders.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orders.ops.Logs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The lines the service ({@code dev.orders.*}) logs while this is open, encoded by the production
 * JSON encoder, instead of the console; at {@code level} meanwhile (tests log at WARN otherwise).
 */
public final class CapturedLogs implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger service;
  private final Level serviceLevel;
  private final AppenderBase<ILoggingEvent> appender;

  private CapturedLogs(Level level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogstashEncoder encoder = Logs.jsonEncoder(context);
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8).strip());
      }
    };
    appender.setContext(context);
    appender.start();
    service = context.getLogger("dev.orders");
    serviceLevel = service.getLevel();
    service.setLevel(level);
    service.addAppender(appender);
    service.setAdditive(false);
  }

  public static CapturedLogs start(Level level) {
    return new CapturedLogs(level);
  }

  /** Every captured line as it would be printed. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The captured lines, each parsed as one JSON object (fails the test if one is not). */
  public List<JsonNode> json() {
    return lines.stream().map(CapturedLogs::parse).toList();
  }

  public List<JsonNode> json(Predicate<JsonNode> matching) {
    return json().stream().filter(matching).toList();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  @Override
  public void close() {
    service.setAdditive(true);
    service.detachAppender(appender);
    appender.stop();
    service.setLevel(serviceLevel);
  }
}
