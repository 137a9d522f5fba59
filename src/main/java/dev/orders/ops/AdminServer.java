package dev.orders.ops;

import dev.orders.config.OpsConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.micrometer.PrometheusRequestHandler;

/**
 * The admin port, plain HTTP, one per process: {@code /metrics} (Prometheus text), and
 * {@code /health/live}, {@code /health/ready} mirroring the gRPC health answers for probes that
 * speak only HTTP. Kept off the gRPC port so it stays reachable in plain text whatever the gRPC
 * port's TLS and authentication say.
 */
final class AdminServer {

  private final HttpServer http;

  private AdminServer(HttpServer http) {
    this.http = http;
  }

  static Future<AdminServer> start(Vertx vertx, OpsConfig config, PrometheusMeterRegistry registry, Readiness readiness) {
    Handler<HttpServerRequest> metrics = PrometheusRequestHandler.create(registry);
    HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost(config.adminHost()).setPort(config.adminPort()));
    http.requestHandler(request -> {
      if (request.method() != HttpMethod.GET) {
        request.response().setStatusCode(405).putHeader("allow", "GET").end();
        return;
      }
      switch (request.path()) {
        case "/metrics" -> metrics.handle(request);
        case "/health/live" -> answer(request, true);
        case "/health/ready" -> answer(request, readiness.ready());
        default -> request.response().setStatusCode(404).end("not found: try /metrics, /health/live, /health/ready\n");
      }
    });
    return http.listen().map(AdminServer::new);
  }

  /** The port actually bound (ORDERS_ADMIN_PORT=0 picks one). */
  int port() {
    return http.actualPort();
  }

  Future<Void> close() {
    return http.close();
  }

  private static void answer(HttpServerRequest request, boolean serving) {
    request.response()
        .setStatusCode(serving ? 200 : 503)
        .putHeader("content-type", "text/plain; charset=utf-8")
        .end(serving ? "SERVING\n" : "NOT_SERVING\n");
  }
}
