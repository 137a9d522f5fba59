package dev.orders.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.health.HealthService;
import io.vertx.grpc.health.HealthServiceOptions;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.util.List;

/**
 * What one verticle instance adds for operations: the gRPC health service (reading the process's
 * one {@link Readiness}), call metrics, and the delay probe of its event loop.
 */
public final class InstanceOps {

  /** Names that are SERVING only while {@link Readiness} says so; "" stays the liveness answer. */
  public static final List<String> READINESS_NAMES =
      List.of("readiness", "orders.v1.OrderService", "orders.v1.ProductService");

  private final Vertx vertx;
  private final MeterRegistry registry;
  private final Readiness readiness;
  private final CallMetrics calls;
  private final Duration healthInterval;
  private EventLoopDelay loopDelay;

  InstanceOps(Vertx vertx, MeterRegistry registry, Readiness readiness, CallMetrics calls, Duration healthInterval) {
    this.vertx = vertx;
    this.registry = registry;
    this.readiness = readiness;
    this.calls = calls;
    this.healthInterval = healthInterval;
  }

  /** On the instance's event loop: starts measuring it. */
  public Future<Void> start() {
    loopDelay = EventLoopDelay.start(vertx, registry);
    return Future.succeededFuture();
  }

  /** Adds the health service; call after every other service is bound, so all are recognised by the metrics. */
  public void bind(GrpcServer grpc) {
    // Watch re-evaluates the checks at this interval (5.0.7 streams the status every time, changed or not)
    HealthService health = HealthService.create(vertx, new HealthServiceOptions().setHealthCheckInterval(healthInterval));
    READINESS_NAMES.forEach(name -> health.register(name, readiness::check));
    grpc.addService(health);
    calls.recognise(grpc.services());
  }

  /** The call-observing step of the request handler. */
  public void observe(HttpServerRequest request, CallEnd end) {
    calls.observe(request, end);
  }

  public void close() {
    if (loopDelay != null) {
      loopDelay.stop();
    }
  }
}
