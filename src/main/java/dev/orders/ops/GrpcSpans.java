package dev.orders.ops;

import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.Operation;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * vertx-opentelemetry's tracer with gRPC's names: it names a server span after the HTTP method
 * ({@code POST}) and records HTTP 200 for every answer; this renames the span
 * {@code orders.v1.OrderService/GetOrder} and adds the {@code rpc.*} attributes of OpenTelemetry's
 * RPC conventions, the code from the {@code grpc-status} trailer.
 */
final class GrpcSpans implements VertxTracer<Operation, Operation> {

  private final VertxTracer<Operation, Operation> tracer;

  GrpcSpans(VertxTracer<Operation, Operation> tracer) {
    this.tracer = tracer;
  }

  @Override
  public <R> Operation receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
      String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    Operation op = tracer.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
    if (op != null && request instanceof HttpServerRequest http) {
      GrpcCall.of(http.path()).ifPresent(call -> op.span()
          .updateName(call.fullName())
          .setAttribute("rpc.system", "grpc")
          .setAttribute("rpc.service", call.service())
          .setAttribute("rpc.method", call.method()));
    }
    return op;
  }

  @Override
  public <R> void sendResponse(Context context, R response, Operation op, Throwable failure,
      TagExtractor<R> tagExtractor) {
    if (op != null && response instanceof HttpServerResponse http) {
      Span span = op.span();
      GrpcCall.status(http).ifPresent(status -> span.setAttribute("rpc.grpc.status_code", status.code));
    }
    tracer.sendResponse(context, response, op, failure, tagExtractor);
  }

  @Override
  public <R> Operation sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
      String operation, BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    return tracer.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
  }

  @Override
  public <R> void receiveResponse(Context context, R response, Operation op, Throwable failure,
      TagExtractor<R> tagExtractor) {
    tracer.receiveResponse(context, response, op, failure, tagExtractor);
  }

  @Override
  public void close() {
    tracer.close();
  }
}
