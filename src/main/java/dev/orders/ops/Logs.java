package dev.orders.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.orders.config.LogConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * Applies ORDERS_LOG_FORMAT and ORDERS_LOG_LEVEL to the logback set up by {@code logback.xml}
 * (text on stderr): JSON replaces the console appender by one line per event on stdout.
 */
public final class Logs {

  private Logs() {}

  /** Called by a command before it logs anything of its own. */
  public static void configure(LogConfig config, LogConfig.Format commandDefault) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.level()));
    if (config.formatOr(commandDefault) == LogConfig.Format.JSON) {
      root.detachAndStopAllAppenders();
      root.addAppender(jsonConsole(context));
    }
  }

  private static ConsoleAppender<ILoggingEvent> jsonConsole(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("json");
    console.setEncoder(jsonEncoder(context));
    console.start();
    return console;
  }

  /**
   * One JSON object per line: timestamp, level, logger, thread, message, the key/values passed as
   * {@code StructuredArguments} (rpc, ids, ...), stack_trace, and trace_id/span_id inside a traced call.
   */
  public static LogstashEncoder jsonEncoder(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = encoder.getFieldNames();
    names.setTimestamp("timestamp");
    names.setLogger("logger");
    names.setThread("thread");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    encoder.addProvider(new TraceIdsJsonProvider());
    encoder.start();
    return encoder;
  }
}
