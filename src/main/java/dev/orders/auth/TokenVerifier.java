package dev.orders.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.orders.config.SecurityConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.SignatureException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Turns an {@code authorization} value into a {@link Caller}, or into a short reason the caller may
 * read (never the token itself). vertx-auth-jwt checks the signature; the claims are checked here so
 * each refusal says which rule failed. One per server instance: the JWT provider is used from one
 * event loop only.
 *
 * <p>A client sends the same token on every call until it expires, and checking it (base64, JSON,
 * HMAC or RSA, a future) cost about a fifth of a cached read's CPU. So a verified token is kept, by
 * its exact string, with the caller it names and its {@code exp}: {@link #cached} answers a call
 * carrying it without a signature check until {@code exp} (plus the clock skew) has passed, the moment
 * a full check would refuse it too. Nothing else can change a verified token's verdict while the
 * process runs: the keys, issuer, audience and roles claim are read once at start, and {@code nbf},
 * once passed, stays passed. Refusals are not kept. The cache is bounded ({@link #CACHED_TOKENS}).
 */
final class TokenVerifier {

  /** A refused token; the message goes to the caller in grpc-message. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private static final String BEARER = "Bearer ";

  /** Tokens kept per server instance: callers with a live token each; past it, the least used go. */
  static final int CACHED_TOKENS = 10_000;

  /** A verified token's caller, served until {@code expiresAt} (epoch seconds, exp plus the skew). */
  private record Verified(Caller caller, long expiresAt) {}

  private final JWTAuth jwt;
  private final SecurityConfig config;
  private final LongSupplier nowSeconds;
  private final Cache<String, Verified> verified;

  TokenVerifier(Vertx vertx, JWTAuthOptions keys, SecurityConfig config) {
    this(vertx, keys, config, () -> System.currentTimeMillis() / 1000, CACHED_TOKENS);
  }

  TokenVerifier(Vertx vertx, JWTAuthOptions keys, SecurityConfig config, LongSupplier nowSeconds, int maxCached) {
    this.jwt = JWTAuth.create(vertx, keys);
    this.config = config;
    this.nowSeconds = nowSeconds;
    this.verified = Caffeine.newBuilder()
        .maximumSize(maxCached)
        .executor(Runnable::run) // evictions on the caller's thread, no pool of Caffeine's own
        .build();
  }

  /**
   * The caller of an {@code authorization} value verified before and not expired since; null when
   * it must go through {@link #verify}. Synchronous: the call needs no pause while its token is checked.
   */
  Caller cached(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()) {
      return null;
    }
    Verified hit = verified.getIfPresent(authorization);
    if (hit == null) {
      return null;
    }
    if (nowSeconds.getAsLong() >= hit.expiresAt()) {
      verified.invalidate(authorization); // verify() now refuses it, saying why
      return null;
    }
    return hit.caller();
  }

  /** Tokens held now (for tests of the bound). */
  long cachedTokens() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  Future<Caller> verify(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Future.failedFuture(new Refused("missing bearer token (send metadata 'authorization: Bearer <jwt>')"));
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Future.failedFuture(new Refused("authorization metadata must be 'Bearer <jwt>'"));
    }
    String token = authorization.substring(BEARER.length()).trim();
    return jwt.authenticate(new TokenCredentials(token))
        .recover(err -> Future.failedFuture(new Refused(signatureProblem(err))))
        .map(user -> remember(authorization, user.attributes().getJsonObject("accessToken")));
  }

  private Caller remember(String authorization, JsonObject claims) {
    Caller caller = caller(claims, nowSeconds.getAsLong());
    // caller() refused a token without a numeric exp, so exp is there
    verified.put(authorization, new Verified(caller, number(claims, "exp") + config.clockSkew().toSeconds()));
    return caller;
  }

  private static String signatureProblem(Throwable err) {
    if (err instanceof SignatureException) {
      return "bad token signature";
    }
    if (err instanceof NoSuchKeyIdException) {
      return "token signed with an unknown key or algorithm";
    }
    if (err instanceof IllegalStateException) {
      return "unsigned token"; // alg none, or no signature part
    }
    return "malformed token";
  }

  /** The registered claims this service relies on, with ORDERS_AUTH_CLOCK_SKEW_SECONDS of slack. */
  private Caller caller(JsonObject claims, long now) {
    long skew = config.clockSkew().toSeconds();
    Long exp = number(claims, "exp");
    Long nbf = number(claims, "nbf");
    if (exp == null) {
      throw new Refused("token has no exp");
    }
    if (now - skew >= exp) {
      throw new Refused("token expired");
    }
    if (nbf != null && now + skew < nbf) {
      throw new Refused("token not yet valid (nbf)");
    }
    config.issuer().ifPresent(iss -> require(iss.equals(claims.getValue("iss")), "token issuer is not accepted"));
    config.audience().ifPresent(aud -> require(audiences(claims).contains(aud), "token audience is not accepted"));
    Object sub = claims.getValue("sub");
    require(sub instanceof String s && !s.isBlank(), "token has no sub");
    return new Caller((String) sub, roles(claims).contains(config.adminRole()));
  }

  private static Long number(JsonObject claims, String name) {
    Object v = claims.getValue(name);
    if (v != null && !(v instanceof Number)) {
      throw new Refused("token claim " + name + " is not a number");
    }
    return v == null ? null : ((Number) v).longValue();
  }

  private static List<?> audiences(JsonObject claims) {
    Object aud = claims.getValue("aud");
    return aud instanceof JsonArray a ? a.getList() : aud == null ? List.of() : List.of(aud);
  }

  private List<?> roles(JsonObject claims) {
    return claims.getValue(config.rolesClaim()) instanceof JsonArray a ? a.getList() : List.of();
  }

  private static void require(boolean ok, String reason) {
    if (!ok) {
      throw new Refused(reason);
    }
  }
}
