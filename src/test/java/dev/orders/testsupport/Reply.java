package dev.orders.testsupport;

import io.vertx.grpc.common.GrpcStatus;

/** What a caller sees of one unary call: the status, its message and the response, if OK. */
public record Reply<T>(GrpcStatus status, String message, T body) {

  public boolean ok() {
    return status == GrpcStatus.OK;
  }

  @Override
  public String toString() {
    return status + (message == null ? "" : " '" + message + "'");
  }
}
