package dev.orders.cache;

import static dev.orders.testsupport.Fixtures.awaitCacheHit;
import static dev.orders.testsupport.Fixtures.eventually;
import static dev.orders.testsupport.Fixtures.getProduct;
import static dev.orders.testsupport.Fixtures.insertProducts;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hung Redis (SIGSTOP: the socket stays open, nothing answers): connects give up at
 * ORDERS_REDIS_CONNECT_TIMEOUT_MS, timeouts in a row renew the client, and the breaker's own probe
 * brings an idle instance back once Redis answers again.
 */
class RedisHangTest {

  private static final long BOUND_MS = 2_000;

  private RedisProcess redis;
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
    redis.close();
  }

  @Test
  void redisFrozen_timeoutsInARowRenewTheClient_andTheProbeRecoversAnIdleInstanceAfterThaw() throws Exception {
    start();
    List<String> ids = insertProducts(server, unique("prd_hang_"), 5, 10);
    awaitCacheHit(server, ids.get(0));
    CacheStats stats = server.server.cacheStats();

    redis.freeze();
    try {
      eventually("client renewed", Duration.ofSeconds(10), () -> {
        readWithin(ids, BOUND_MS);
        return stats.redisRenewals.sum() > 0;
      });
    } finally {
      redis.thaw();
    }
    redis.resetStats();
    // no calls from here on: only the breaker's own timer can reach Redis
    eventually("the breaker probes an idle instance", Duration.ofSeconds(10), () -> redis.calls("ping") > 0);
    awaitCacheHit(server, ids.get(0));
  }

  @Test
  void redisFrozenAtStart_connectsGiveUpAtTheTimeout_andCachingStartsAfterThaw() throws Exception {
    redis = RedisProcess.start();
    redis.freeze();
    try {
      start();
      List<String> ids = insertProducts(server, unique("prd_hang_"), 5, 10);
      CacheStats stats = server.server.cacheStats();
      // without a handshake timeout the first connect would wait for ever and none would follow
      eventually("connect attempts time out and the client is renewed", Duration.ofSeconds(10), () -> {
        readWithin(ids, BOUND_MS);
        return stats.redisRenewals.sum() > 0;
      });
      redis.thaw();
      awaitCacheHit(server, ids.get(0));
    } finally {
      redis.thaw();
    }
  }

  private void start() {
    if (redis == null) {
      redis = RedisProcess.start();
    }
    server = TestServer.start("orders_redishang", Map.of("ORDERS_REDIS_URL", redis.url(),
        "ORDERS_REDIS_CONNECT_TIMEOUT_MS", "300"));
  }

  private void readWithin(List<String> ids, long boundMs) {
    for (String id : ids) {
      long start = System.nanoTime();
      assertEquals(id, getProduct(server, id).getId());
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < boundMs, "GetProduct took " + ms + " ms with Redis frozen");
    }
  }
}
