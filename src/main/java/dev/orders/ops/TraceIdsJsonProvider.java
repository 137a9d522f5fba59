package dev.orders.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Adds {@code trace_id} and {@code span_id} of the span active where the line is logged. An MDC
 * would not do: it is per thread, and an event loop runs many calls on one thread. The
 * OpenTelemetry context lives on the Vert.x context of the call (vertx-opentelemetry's context
 * storage), and the console appender encodes on the logging thread, inside that context.
 */
final class TraceIdsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      generator.writeStringField("trace_id", span.getTraceId());
      generator.writeStringField("span_id", span.getSpanId());
    }
  }
}
