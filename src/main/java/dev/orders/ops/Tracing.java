package dev.orders.ops;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.tracing.opentelemetry.Operation;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing, configured by the standard OTEL_* variables (SDK autoconfigure) and on
 * only when they name an exporter: otherwise Vert.x runs with no tracer at all.
 */
public final class Tracing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

  /** Defaults below the OTEL_* variables: this service exports traces only, and names itself. */
  private static final Map<String, String> DEFAULTS =
      Map.of("otel.service.name", "orders", "otel.metrics.exporter", "none", "otel.logs.exporter", "none");

  private final Optional<OpenTelemetrySdk> sdk;

  private Tracing(Optional<OpenTelemetrySdk> sdk) {
    this.sdk = sdk;
  }

  public static Tracing fromEnv(Map<String, String> env) {
    if (!exporterConfigured(env)) {
      return new Tracing(Optional.empty());
    }
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> DEFAULTS)
        .disableShutdownHook() // closed after the server drained, so the last spans are exported
        .build()
        .getOpenTelemetrySdk();
    LOG.info("tracing on: spans exported as OTEL_* configures them");
    return new Tracing(Optional.of(sdk));
  }

  /**
   * An exporter is configured when OTEL_TRACES_EXPORTER names one other than {@code none}, or,
   * with OTEL_TRACES_EXPORTER unset (the SDK then defaults to OTLP), an OTLP endpoint is set.
   */
  static boolean exporterConfigured(Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
      return false;
    }
    String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "").trim();
    if (!exporter.isEmpty()) {
      return !exporter.equals("none");
    }
    return !env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank()
        || !env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isBlank();
  }

  /** The Vert.x to run on: traced when an exporter is configured, plain otherwise. */
  public Vertx vertx() {
    return sdk.map(otel -> Vertx.builder().withTracer(tracerFactory(otel)).build()).orElseGet(Vertx::vertx);
  }

  /** vertx-opentelemetry's tracer, its server spans named and tagged as gRPC calls. */
  @SuppressWarnings("unchecked")
  public static VertxTracerFactory tracerFactory(OpenTelemetry otel) {
    OpenTelemetryTracingFactory vertxTracing = new OpenTelemetryTracingFactory(otel);
    return options -> new GrpcSpans((VertxTracer<Operation, Operation>) vertxTracing.tracer(options));
  }

  /** Exports what is still buffered. */
  @Override
  public void close() {
    sdk.ifPresent(OpenTelemetrySdk::close);
  }
}
