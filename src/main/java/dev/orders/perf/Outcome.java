package dev.orders.perf;

import io.vertx.core.http.HttpClosedException;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcErrorException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Names a failed call by its gRPC status, so errors can be counted per code. */
final class Outcome {

  private Outcome() {}

  static String statusOf(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof InvalidStatusException s) {
        return s.actualStatus().name();
      }
      if (t instanceof GrpcErrorException g) {
        return g.status().name();
      }
      if (t instanceof TimeoutException) {
        return "DEADLINE_EXCEEDED";
      }
      if (t instanceof ConnectException || t instanceof HttpClosedException) {
        // what a grpc-java client would report for a refused or lost connection
        return "UNAVAILABLE";
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return "CLIENT_" + err.getClass().getSimpleName();
  }
}
