package dev.orders.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.CapturedLogs;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A real call through a traced server: span names, rpc.* attributes, parent links, trace ids in the log. */
class TracingTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

  @Test
  void tracedCall_continuesCallersTrace_namesServerSpanAfterTheRpc_withChildSpansAndTraceIdsInLogs() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    TestServer server = TestServer.start("orders_trace", Map.of("ORDERS_L1_MAX_ENTRIES", "0"),
        Vertx.builder().withTracer(Tracing.tracerFactory(otel)).build());
    Vertx callerVertx = Vertx.vertx();
    Fixtures.awaitCacheHit(server, Fixtures.newProduct(server, 100, 1)); // Redis connected: the call reads it (no near-cache in front)
    try (CapturedLogs logs = CapturedLogs.start(Level.DEBUG)) {
      String missing = Fixtures.unique("prd_");
      assertEquals(GrpcStatus.NOT_FOUND, TestServer.await(getProductWithTraceparent(callerVertx, server, missing)));

      Fixtures.eventually("the server span in the caller's trace ends", () -> serverSpan(spans).isPresent());
      SpanData call = serverSpan(spans).get();
      assertEquals("orders.v1.ProductService/GetProduct", call.getName());
      assertEquals(CALLER_SPAN_ID, call.getParentSpanId(), "the caller's span is the parent");
      assertEquals("grpc", call.getAttributes().get(AttributeKey.stringKey("rpc.system")));
      assertEquals("orders.v1.ProductService", call.getAttributes().get(AttributeKey.stringKey("rpc.service")));
      assertEquals("GetProduct", call.getAttributes().get(AttributeKey.stringKey("rpc.method")));
      assertEquals(5L, call.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code")));

      List<SpanData> children = spans.getFinishedSpanItems().stream()
          .filter(s -> s.getParentSpanId().equals(call.getSpanId())).toList();
      assertTrue(children.stream().anyMatch(s -> "postgresql".equals(
          s.getAttributes().get(AttributeKey.stringKey("db.system")))), "a PostgreSQL child span: " + children);
      assertTrue(children.stream().anyMatch(s -> "redis".equals(
          s.getAttributes().get(AttributeKey.stringKey("db.system")))), "a Redis child span: " + children);

      List<JsonNode> inCall = logs.json(line -> line.path("message").asText().contains(missing));
      assertFalse(inCall.isEmpty(), logs.lines().toString());
      inCall.forEach(line -> {
        assertEquals(TRACE_ID, line.path("trace_id").asText(), line.toString());
        assertEquals(call.getSpanId(), line.path("span_id").asText(), line.toString());
      });
    } finally {
      server.close();
      TestServer.await(callerVertx.close());
      otel.close();
    }
  }

  @Test
  void withoutExporterConfigured_vertxHasNoTracer() {
    Tracing tracing = Tracing.fromEnv(Map.of("OTEL_SERVICE_NAME", "orders"));
    Vertx vertx = MeteredVertx.create(tracing).vertx();
    try {
      assertNull(((VertxInternal) vertx).tracer());
    } finally {
      TestServer.await(vertx.close());
      tracing.close();
    }
  }

  @Test
  void exporterConfigured_byExporterOrEndpoint_notByNoneOrDisabled() {
    assertTrue(Tracing.exporterConfigured(Map.of("OTEL_TRACES_EXPORTER", "otlp")));
    assertTrue(Tracing.exporterConfigured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));
    assertFalse(Tracing.exporterConfigured(Map.of()));
    assertFalse(Tracing.exporterConfigured(Map.of("OTEL_TRACES_EXPORTER", "none",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));
    assertFalse(Tracing.exporterConfigured(Map.of("OTEL_SDK_DISABLED", "true", "OTEL_TRACES_EXPORTER", "otlp")));
  }

  private static Optional<SpanData> serverSpan(InMemorySpanExporter spans) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(TRACE_ID)).findFirst();
  }

  /** The caller's own trace context travels as a W3C traceparent header. */
  private static Future<GrpcStatus> getProductWithTraceparent(Vertx vertx, TestServer server, String id) {
    GrpcClient client = GrpcClient.client(vertx);
    SocketAddress address = SocketAddress.inetSocketAddress(server.config.grpcPort(), "127.0.0.1");
    return client.request(address, ProductServiceGrpcClient.GetProduct).compose(req -> {
      req.headers().set("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");
      req.headers().set("authorization", "Bearer " + server.token("usr_trace", true));
      req.end(GetProductRequest.newBuilder().setId(id).build());
      return req.response().compose(resp -> {
        resp.handler(ignored -> { });
        return resp.end().transform(done -> Future.succeededFuture(resp.status()));
      });
    });
  }
}
