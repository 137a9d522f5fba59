package dev.orders.ops;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Optional;

/**
 * What the access log and the trace read of a gRPC call from its HTTP/2 exchange: the method
 * from the path, the status from the {@code grpc-status} trailer.
 *
 * @param service e.g. {@code orders.v1.OrderService}
 * @param method e.g. {@code GetOrder}
 */
record GrpcCall(String service, String method) {

  /** {@code /orders.v1.OrderService/GetOrder}; empty for a path that names no gRPC method. */
  static Optional<GrpcCall> of(String path) {
    int slash = path == null ? -1 : path.lastIndexOf('/');
    if (slash <= 1 || slash == path.length() - 1 || path.charAt(0) != '/') {
      return Optional.empty();
    }
    return Optional.of(new GrpcCall(path.substring(1, slash), path.substring(slash + 1)));
  }

  /** {@code orders.v1.OrderService/GetOrder}: the span name gRPC's conventions give a call. */
  String fullName() {
    return service + "/" + method;
  }

  /**
   * The status the call ended with: from the trailers, or from the headers of a trailers-only
   * answer; empty when the stream ended without one (the caller reset it).
   */
  static Optional<GrpcStatus> status(HttpServerResponse response) {
    String code = response.trailers().get("grpc-status");
    if (code == null) {
      code = response.headers().get("grpc-status");
    }
    try {
      return Optional.ofNullable(code).map(c -> GrpcStatus.valueOf(Integer.parseInt(c)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
