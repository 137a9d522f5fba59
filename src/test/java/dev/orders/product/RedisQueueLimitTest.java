package dev.orders.product;

import static dev.orders.testsupport.Fixtures.eventually;
import static dev.orders.testsupport.Fixtures.insertProducts;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.cache.CacheStats;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 5.0.7 Redis client refuses a batch larger than the free slots of its waiting queue (8,192
 * here): fills and write-throughs of 20,000 products must still all arrive.
 */
class RedisQueueLimitTest {

  private static final int PRODUCTS = 20_000;
  private static final int LINES_PER_ORDER = 100;
  private static final int BATCH_GET = 1000;

  private static RedisProcess redis;
  private static TestServer server;
  private static List<String> ids;
  private static CacheStats stats;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    server = TestServer.start("orders_queuelimit", Map.of("ORDERS_REDIS_URL", redis.url(),
        // capacity is under test, not speed: a slow round trip on a busy machine must not count as a failure
        "ORDERS_REDIS_TIMEOUT_MS", "2000",
        // few connections on the shared PostgreSQL; the 200 orders queue for them instead
        "ORDERS_PG_POOL_SIZE", "4", "ORDERS_PG_POOL_WAIT_MS", "60000"));
    ids = insertProducts(server, unique("prd_q_"), PRODUCTS, 10);
    stats = server.server.cacheStats();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.cli("FLUSHALL");
  }

  @Test
  void twentyConcurrentBatchReadsOfAThousandMisses_fillEveryProduct() {
    List<Future<?>> reads = new ArrayList<>();
    for (int from = 0; from < PRODUCTS; from += BATCH_GET) {
      reads.add(server.products().batchGetProducts(
          BatchGetProductsRequest.newBuilder().addAllIds(ids.subList(from, from + BATCH_GET)).build()));
    }
    TestServer.await(Future.all(reads));

    // a batch larger than the client's free waiting slots would be refused and its products never filled
    eventually("every product filled", Duration.ofSeconds(15), () -> dbSize() == PRODUCTS);
  }

  @Test
  void twentyThousandWriteThroughsWhileRedisIsDown_areAllDeliveredWhenItReturns() throws Exception {
    redis.stop();
    List<Future<?>> orders = new ArrayList<>();
    for (int from = 0; from < PRODUCTS; from += LINES_PER_ORDER) {
      orders.add(server.orders().createOrder(orderOf(ids.subList(from, from + LINES_PER_ORDER))));
    }
    TestServer.await(Future.all(orders));
    assertEquals(PRODUCTS, stats.pendingWrites.sum(), "every product's write-through waits for Redis");

    redis.restart();
    // no calls from here on: the maintenance timer and the breaker's probe deliver them
    eventually("every write-through delivered", Duration.ofSeconds(20), () -> stats.pendingWrites.sum() == 0);
    assertEquals(PRODUCTS, dbSize(), "one value per product, as reloaded from PostgreSQL");
    assertEquals(0, stats.droppedWrites.sum());
  }

  private static CreateOrderRequest orderOf(List<String> productIds) {
    CreateOrderRequest.Builder order = order(unique("usr_"), "req-1");
    productIds.forEach(id -> order.addItems(line(id, 1)));
    return order.build();
  }

  private static long dbSize() {
    return Long.parseLong(redis.cli("DBSIZE").get(0).trim());
  }
}
