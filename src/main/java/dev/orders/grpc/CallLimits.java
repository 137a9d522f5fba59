package dev.orders.grpc;

import dev.orders.config.ResilienceConfig;
import dev.orders.ops.CallEnd;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The edge's bounds, applied to every call before the gRPC server decodes it: a deadline for a
 * call that carries none, and a bound on the calls the whole process works on at once (one object
 * shared by all instances). Past the bound a call is answered RESOURCE_EXHAUSTED at once, so the
 * admitted calls keep their latency instead of all of them queueing for the database.
 */
public final class CallLimits {

  private static final String GRPC_TIMEOUT = "grpc-timeout";
  private static final String HEALTH_PREFIX = "/grpc.health.v1.";

  private final int maxInFlight;
  /** The default deadline in grpc-timeout syntax (milliseconds, at most 8 digits). */
  private final String defaultTimeout;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder refused = new LongAdder();

  public CallLimits(ResilienceConfig config) {
    this.maxInFlight = config.maxInFlight();
    this.defaultTimeout = config.defaultDeadline().toMillis() + "m";
  }

  /**
   * Hands the call to {@code next}, or answers it RESOURCE_EXHAUSTED. An admitted call counts until
   * it ends, whichever way: answered, reset by the caller, connection lost ({@link CallEnd}). Health checks
   * are never refused: a liveness probe refused under load would get a busy instance restarted.
   */
  void admit(HttpServerRequest request, CallEnd end, Handler<HttpServerRequest> next) {
    if (request.path().startsWith(HEALTH_PREFIX)) {
      next.handle(request);
      return;
    }
    HttpServerResponse response = request.response();
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      refused.increment();
      refuse(response);
      return;
    }
    end.then(status -> inFlight.decrementAndGet());
    if (request.getHeader(GRPC_TIMEOUT) == null) {
      // the gRPC server then arms the deadline as for a caller's own (setScheduleDeadlineAutomatically)
      request.headers().set(GRPC_TIMEOUT, defaultTimeout);
    }
    next.handle(request);
  }

  /** Calls admitted and not yet closed, in the whole process. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Calls answered RESOURCE_EXHAUSTED because {@link #inFlight()} was at ORDERS_MAX_INFLIGHT. */
  public long refused() {
    return refused.sum();
  }

  /** Trailers-only answer: headers carrying the status, no message, end of stream. */
  private static void refuse(HttpServerResponse response) {
    Statuses.Answer answer = Statuses.TOO_MANY_CALLS;
    response.putHeader("content-type", "application/grpc")
        .putHeader("grpc-status", Integer.toString(answer.status().code))
        .putHeader("grpc-message", answer.message())
        .end();
  }
}
