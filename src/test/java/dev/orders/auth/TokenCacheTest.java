package dev.orders.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.config.SecurityConfig;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache of {@link TokenVerifier}, on a clock the test moves: a kept token is served
 * only until a full check would refuse it, refusals are never kept, and the cache stays bounded.
 */
class TokenCacheTest {

  private static final long T0 = 1_900_000_000L;
  private static final long SKEW = 30;

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(T0);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void cachedToken_servedUntilExpPlusSkew_thenRefusedAsExpired() throws Exception {
    TokenVerifier verifier = verifier(100);
    String auth = bearer(TestServer.SECRET, claims("usr_1", T0 + 60).put("roles", new JsonArray().add("admin")));
    assertNull(verifier.cached(auth), "nothing is kept before a full check");
    assertEquals(new Caller("usr_1", true), await(verifier.verify(auth)));

    now.set(T0 + 60 + SKEW - 1);
    assertEquals(new Caller("usr_1", true), verifier.cached(auth), "kept while a full check would pass");

    now.set(T0 + 60 + SKEW);
    assertNull(verifier.cached(auth), "not served from the cache once exp plus the skew has passed");
    Throwable refused = failure(verifier.verify(auth));
    assertTrue(refused instanceof TokenVerifier.Refused && refused.getMessage().equals("token expired"),
        String.valueOf(refused));
  }

  @Test
  void refusedTokens_areNeverKept() throws Exception {
    TokenVerifier verifier = verifier(100);
    String badSignature = bearer("another-secret-of-thirty-two-bytes!!!", claims("usr_1", T0 + 60));
    String notYetValid = bearer(TestServer.SECRET, claims("usr_1", T0 + 600).put("nbf", T0 + 300));
    for (String auth : new String[] {badSignature, notYetValid}) {
      failure(verifier.verify(auth));
      assertNull(verifier.cached(auth));
    }
    assertEquals(0, verifier.cachedTokens());
  }

  @Test
  void cache_isBounded() throws Exception {
    TokenVerifier verifier = verifier(8);
    for (int i = 0; i < 50; i++) {
      await(verifier.verify(bearer(TestServer.SECRET, claims("usr_" + i, T0 + 60))));
    }
    assertTrue(verifier.cachedTokens() <= 8, verifier.cachedTokens() + " tokens kept");
  }

  private TokenVerifier verifier(int maxCached) {
    SecurityConfig config = new SecurityConfig(SecurityConfig.Mode.JWT, Optional.of(TestServer.SECRET),
        Optional.empty(), Optional.empty(), Duration.ofSeconds(SKEW), Optional.empty(), Optional.empty(), "roles",
        "admin", true);
    return new TokenVerifier(vertx, AuthKeys.read(config).options(), config, now::get, maxCached);
  }

  private static JsonObject claims(String sub, long exp) {
    return new JsonObject().put("sub", sub).put("exp", exp);
  }

  private static String bearer(String secret, JsonObject claims) {
    return "Bearer " + AuthenticationTest.hs256(secret, claims);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> future) throws Exception {
    future.transform(Future::succeededFuture).await(10, TimeUnit.SECONDS);
    assertTrue(future.failed(), "refused");
    return future.cause();
  }
}
