package dev.orders.grpc;

import dev.orders.config.TransportConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;

/**
 * CORS for browsers calling over gRPC-Web: only the configured origins get the headers that let a
 * page read the answer; any other origin gets none, so the browser refuses it. Off with gRPC-Web.
 * Used by {@link Protocols}.
 */
final class GrpcWeb {

  private static final String ALLOWED_HEADERS =
      "content-type, x-grpc-web, x-user-agent, grpc-timeout, authorization";
  private static final String EXPOSED_HEADERS = "grpc-status, grpc-message";

  private final boolean enabled;
  private final Set<String> origins;

  GrpcWeb(TransportConfig transport) {
    this.enabled = transport.grpcWeb();
    this.origins = Set.copyOf(transport.corsOrigins());
  }

  /**
   * Adds the CORS headers for an allowed origin and answers a preflight (OPTIONS) itself;
   * true when the request was answered here.
   */
  boolean answeredPreflight(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (!enabled || origin == null) {
      return false;
    }
    boolean allowed = origins.contains(origin);
    HttpServerResponse response = request.response();
    if (allowed) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .putHeader(HttpHeaders.VARY, "Origin")
          .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
    if (request.method() != HttpMethod.OPTIONS) {
      return false;
    }
    if (allowed) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
    }
    response.setStatusCode(allowed ? 204 : 403).end();
    return true;
  }
}
