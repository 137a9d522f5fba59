package dev.orders.grpc;

import dev.orders.config.ResilienceConfig;
import dev.orders.ops.CallEnd;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
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
  /**
   * The admitted calls by their stream's context (Vert.x gives each HTTP/2 stream its own), for a
   * failure Vert.x reports outside any handler of ours; weak keys, so an ended call's entry goes.
   */
  private final Map<Context, HttpServerRequest> byContext = Collections.synchronizedMap(new WeakHashMap<>());

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
    byContext.put(Vertx.currentContext(), request);
    end.then(status -> {
      inFlight.decrementAndGet();
      byContext.remove(Vertx.currentContext());
    });
    if (request.getHeader(GRPC_TIMEOUT) == null) {
      // the gRPC server then arms the deadline as for a caller's own (setScheduleDeadlineAutomatically)
      request.headers().set(GRPC_TIMEOUT, defaultTimeout);
    }
    next.handle(request);
  }

  /**
   * Answers INVALID_ARGUMENT the admitted call whose context is current, when vertx-grpc 5.0.7's
   * deframer failed on its message (a compressed flag without grpc-encoding) and reported it to
   * the Vert.x exception handler only: the call would otherwise stay open until its deadline.
   *
   * @return whether there was such a call to answer
   */
  public boolean refuseUndecodable(String why) {
    HttpServerRequest request = byContext.remove(Vertx.currentContext());
    if (request == null || request.response().ended()) {
      return false;
    }
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      response.putTrailer("grpc-status", Integer.toString(GrpcStatus.INVALID_ARGUMENT.code))
          .putTrailer("grpc-message", why).end();
    } else {
      trailersOnly(response, GrpcStatus.INVALID_ARGUMENT, why);
    }
    return true;
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
    trailersOnly(response, Statuses.TOO_MANY_CALLS.status(), Statuses.TOO_MANY_CALLS.message());
  }

  private static void trailersOnly(HttpServerResponse response, GrpcStatus status, String message) {
    response.putHeader("content-type", "application/grpc")
        .putHeader("grpc-status", Integer.toString(status.code))
        .putHeader("grpc-message", message)
        .end();
  }
}
