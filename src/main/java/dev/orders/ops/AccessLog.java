package dev.orders.ops;

import static net.logstash.logback.argument.StructuredArguments.value;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ORDERS_ACCESS_LOG: one line per call, when its response ends, with the method, the gRPC code
 * (Vert.x's own HTTP status is 200 for every gRPC answer), the duration, the peer and the instance.
 */
public final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger("dev.orders.access");

  private final String instance;

  private AccessLog(String instance) {
    this.instance = instance;
  }

  /**
   * What the request handler calls first for each call: logs it when on, nothing otherwise.
   *
   * @param instance the serving verticle instance, as the orders-instance header names it ("1/2")
   */
  public static Handler<HttpServerRequest> of(boolean on, String instance) {
    return on ? new AccessLog(instance)::track : request -> { };
  }

  /** The line is written when the response ends. */
  private void track(HttpServerRequest request) {
    long start = System.nanoTime();
    String path = request.path();
    String peer = String.valueOf(request.remoteAddress());
    request.response().endHandler(ended -> {
      String code = GrpcCall.status(request.response()).map(GrpcStatus::name).orElse("CANCELLED");
      double millis = (System.nanoTime() - start) / (double) TimeUnit.MILLISECONDS.toNanos(1);
      LOG.info("{} {} {} ms from {} on {}", value("method", GrpcCall.of(path).map(GrpcCall::fullName).orElse(path)),
          value("grpc_code", code), value("duration_ms", Math.round(millis * 1000) / 1000.0), value("peer", peer),
          value("instance", instance));
    });
  }
}
