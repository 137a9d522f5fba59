package dev.orders.auth;

import dev.orders.config.SecurityConfig;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission for every request on the gRPC port (vertx-grpc 5 has no server interceptors): health and
 * reflection pass; anything else needs a valid bearer token, or is answered UNAUTHENTICATED, trailers
 * only, without reaching a service. An admitted request's caller goes to {@link Callers}.
 */
public final class AuthGate {

  private static final Logger LOG = LoggerFactory.getLogger(AuthGate.class);

  /** Open to anyone: probes and tools must work without a token (reflection can be switched off). */
  private static final List<String> OPEN_PREFIXES = List.of("/grpc.health.v1.", "/grpc.reflection.");

  private final TokenVerifier verifier; // null when ORDERS_AUTH=disabled
  private final Callers callers = new Callers();

  private AuthGate(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** One server instance's gate. */
  public static AuthGate create(Vertx vertx, SecurityConfig config, AuthKeys keys) {
    return new AuthGate(config.enabled() ? new TokenVerifier(vertx, keys.options(), config) : null);
  }

  /** Says so at every start: a service without authentication must never be a surprise. */
  public static void warnIfDisabled(SecurityConfig config) {
    if (!config.enabled()) {
      LOG.warn("ORDERS_AUTH=disabled: every caller that reaches the gRPC port may do everything, as admin");
    }
  }

  public Callers callers() {
    return callers;
  }

  /** Hands {@code request} to {@code next} once its caller is known; refuses it otherwise. */
  public void admit(HttpServerRequest request, Handler<HttpServerRequest> next) {
    Context call = Vertx.currentContext();
    if (open(request.path())) {
      next.handle(request);
      return;
    }
    if (verifier == null) {
      callers.admit(call, Caller.ANONYMOUS_ADMIN);
      next.handle(request);
      return;
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    Caller known = verifier.cached(authorization);
    if (known != null) {
      callers.admit(call, known);
      next.handle(request);
      return;
    }
    request.pause();
    verifier.verify(authorization).onComplete(caller -> {
      callers.admit(call, caller);
      next.handle(request);
      request.resume();
    }, err -> refuse(request, err instanceof TokenVerifier.Refused ? err.getMessage() : "token not accepted"));
  }

  private static boolean open(String path) {
    for (String prefix : OPEN_PREFIXES) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Trailers-only answer: HTTP 200 with grpc-status 16 in the headers, and the request's body dropped. */
  private static void refuse(HttpServerRequest request, String reason) {
    request.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc")
        .putHeader("grpc-status", Integer.toString(GrpcStatus.UNAUTHENTICATED.code))
        .putHeader("grpc-message", reason)
        .end();
    request.resume();
  }
}
