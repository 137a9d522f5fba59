package dev.orders.ops;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The end of one gRPC call, seen once. A Vert.x response keeps a single end handler and a single
 * close handler, so an observer that set its own would silently replace the others' (the metrics,
 * the access log, the in-flight bound): they all subscribe here instead.
 */
public final class CallEnd {

  private final List<Consumer<GrpcStatus>> observers = new ArrayList<>(3);
  private boolean ended;

  private CallEnd() {}

  /** Watches the request's response; created once per call by the request handler, before the call is handled. */
  public static CallEnd watch(HttpServerRequest request) {
    CallEnd end = new CallEnd();
    HttpServerResponse response = request.response();
    response.endHandler(v -> end.finish(GrpcCall.status(response).orElse(GrpcStatus.UNKNOWN)));
    // an HTTP/2 stream also closes after a normal end, sometimes before endHandler runs; closed
    // before the end means reset or connection lost: the caller got no status from us
    response.closeHandler(v -> end.finish(response.ended()
        ? GrpcCall.status(response).orElse(GrpcStatus.UNKNOWN) : GrpcStatus.CANCELLED));
    return end;
  }

  /** {@code observer} receives the call's status once: from its trailers, or CANCELLED when it never ended. */
  public void then(Consumer<GrpcStatus> observer) {
    observers.add(observer);
  }

  private void finish(GrpcStatus status) {
    if (!ended) {
      ended = true;
      observers.forEach(observer -> observer.accept(status));
    }
  }
}
