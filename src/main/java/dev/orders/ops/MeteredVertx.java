package dev.orders.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * A Vert.x whose own meters (PostgreSQL and Redis pools, connections, JVM) report into a
 * Prometheus registry of its own, which the service adds its gRPC, cache and health meters to.
 */
public record MeteredVertx(Vertx vertx, PrometheusMeterRegistry registry) {

  /** The Vert.x the service runs on: metered always, traced when {@code tracing} is on. */
  public static MeteredVertx create(Tracing tracing) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // Vert.x's HTTP server meters time every gRPC call a second time (as HTTP 200 whatever its
        // status), with tag lookups per call: about 8% of a cached GetProduct's CPU under load.
        // CallMetrics' grpc_server_* are the call meters.
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        // Vert.x keeps registries in a static map by this name: a unique one keeps two Vert.x
        // instances of one JVM (tests) from counting into each other's registry
        .setRegistryName("orders-" + UUID.randomUUID());
    Vertx vertx = tracing.apply(Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry)))
        .build();
    return new MeteredVertx(vertx, registry);
  }
}
