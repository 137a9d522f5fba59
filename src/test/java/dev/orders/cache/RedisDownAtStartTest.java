package dev.orders.cache;

import static dev.orders.testsupport.Fixtures.awaitCacheHit;
import static dev.orders.testsupport.Fixtures.getProduct;
import static dev.orders.testsupport.Fixtures.insertProducts;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start does not wait for Redis: the service serves from PostgreSQL and starts caching when Redis comes up. */
class RedisDownAtStartTest {

  @Test
  void redisDownAtStart_serverStartsAndServesReads_thenCachesOnceRedisIsUp() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.stop();
      TestServer server = TestServer.start("orders_redisdown", Map.of("ORDERS_REDIS_URL", redis.url()));
      try {
        CacheStats stats = server.server.cacheStats();
        List<String> ids = insertProducts(server, unique("prd_down_"), 5, 10);

        ids.forEach(id -> assertEquals(id, getProduct(server, id).getId()));
        assertEquals(ids.size(), await(server.products().batchGetProducts(
            BatchGetProductsRequest.newBuilder().addAllIds(ids).build())).getProductsCount());
        assertEquals(0, stats.hits.sum(), "nothing can come from a Redis that is down");
        assertTrue(stats.fallbacks.sum() >= ids.size() + 1, "reads were served by the fallback");

        redis.restart();
        awaitCacheHit(server, ids.get(0)); // fails unless the service connects and caches by itself
      } finally {
        server.close();
      }
    }
  }
}
