package dev.orders.cache;

import static dev.orders.testsupport.Fixtures.awaitCacheHit;
import static dev.orders.testsupport.Fixtures.insertProducts;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ORDERS_REDIS_MODE=sentinel: the service finds the master through a real Sentinel and caches there. */
class SentinelCacheTest {

  @Test
  void sentinelMode_cachesOnTheMasterTheSentinelNames() throws Exception {
    try (RedisProcess master = RedisProcess.start(); RedisProcess sentinel = RedisProcess.startSentinel(master.port)) {
      TestServer server = TestServer.start("orders_sentinel", Map.of("ORDERS_REDIS_MODE", "sentinel",
          "ORDERS_REDIS_URL", sentinel.url(), "ORDERS_REDIS_MASTER_NAME", "mymaster", "ORDERS_REDIS_TIMEOUT_MS", "2000"));
      try {
        String id = insertProducts(server, unique("prd_sent_"), 1, 5).get(0);
        awaitCacheHit(server, id);
        String key = server.config.cache().keyPrefix() + "product:" + id;
        assertTrue(master.cli("EXISTS", key).contains("1"), "the entry lives on the master");
      } finally {
        server.close();
      }
    }
  }
}
