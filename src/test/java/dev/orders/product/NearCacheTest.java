package dev.orders.product;

import static dev.orders.testsupport.Fixtures.adjust;
import static dev.orders.testsupport.Fixtures.eventually;
import static dev.orders.testsupport.Fixtures.getProduct;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.product;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.cache.CacheStats;
import dev.orders.server.OrdersServer;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The near-cache across two server processes' worth of parts — two OrdersServers on separate
 * Vert.x instances, one database, one Redis of the test's own — over real sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearCacheTest {

  private static final int WRITES = 200;
  /** Generous for a loaded 2-core box; the measured p99 and max are printed. */
  private static final long PROPAGATION_BOUND_MS = 1000;

  private RedisProcess redis;
  private TestServer writer;
  private Vertx readerVertx;
  private OrdersServer reader;
  private ProductServiceGrpcClient readerProducts;

  @BeforeAll
  void start() {
    redis = RedisProcess.start();
    writer = TestServer.start("orders_near", Map.of("ORDERS_REDIS_URL", redis.url(), "ORDERS_REDIS_TIMEOUT_MS", "2000"));
    readerVertx = Vertx.vertx();
    int port = TestServer.freePort();
    reader = await(OrdersServer.start(TestServer.metered(readerVertx), writer.config.withGrpcPort(port)));
    readerProducts = ProductServiceGrpcClient.create(writer.as(TestServer.ADMIN, true),
        SocketAddress.inetSocketAddress(port, "127.0.0.1"));
    eventually("both subscribed", () -> subscribers() == 2);
  }

  @AfterAll
  void stop() throws Exception {
    await(reader.stop());
    await(readerVertx.close());
    writer.close();
    redis.close();
  }

  @Test
  void readOnTheWritingProcess_seesTheWriteOnceItReturned_fromTheNearCache() {
    String id = newProduct(writer, 100, 5);
    CacheStats stats = writer.server.cacheStats();
    for (int price = 101; price < 121; price++) {
      await(writer.products().upsertProduct(product(id, price, 5)));
      long redisHits = stats.hits.sum();
      long nearHits = stats.l1Hits.sum();
      assertEquals(price, getProduct(writer, id).getPriceCents(), "the price the write returned");
      assertEquals(redisHits, stats.hits.sum(), "not read from Redis");
      assertTrue(stats.l1Hits.sum() > nearHits, "read from the near-cache");
    }
  }

  @Test
  void writeOnOneProcess_isSeenOnTheOther_withinTheMeasuredBound() {
    String id = newProduct(writer, 1000, 5);
    assertEquals(1000, readOnReader(id).getPriceCents());
    long[] micros = new long[WRITES];
    for (int i = 0; i < WRITES; i++) {
      long price = 1001 + i;
      await(writer.products().upsertProduct(product(id, price, 5)));
      long returned = System.nanoTime();
      while (readOnReader(id).getPriceCents() != price) {
        assertTrue(System.nanoTime() - returned < PROPAGATION_BOUND_MS * 1_000_000, "write " + i + " not seen in time");
      }
      micros[i] = (System.nanoTime() - returned) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf("near-cache propagation to another process over %d writes (write returned -> a read there"
        + " sees it, incl. that read's round trip): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", WRITES,
        micros[WRITES / 2] / 1000.0, micros[WRITES * 99 / 100] / 1000.0, micros[WRITES - 1] / 1000.0);
    assertTrue(reader.cacheStats().l1Hits.sum() > 0, "the other process reads through its near-cache");
  }

  @Test
  void killedAnnouncementStream_dropsTheNearCache_andReadsStayCorrect() {
    String id = newProduct(writer, 200, 5);
    eventually("held in the reader's near-cache", () -> nearHit(id));
    long resubscribed = reader.cacheStats().l1Resubscriptions.sum();

    redis.cli("CLIENT", "KILL", "TYPE", "pubsub");
    // announced while the reader is not subscribed: lost for it
    await(writer.products().upsertProduct(product(id, 201, 5)));
    eventually("reader subscribed again", () -> reader.cacheStats().l1Resubscriptions.sum() > resubscribed);

    assertEquals(201, readOnReader(id).getPriceCents(), "the near-cache was dropped, not kept with the old price");
  }

  @Test
  void redisRestart_bypassesTheNearCacheWhileDown_andReadsStayCorrect() throws Exception {
    String id = newProduct(writer, 300, 5);
    eventually("held in the reader's near-cache", () -> nearHit(id));

    redis.stop();
    await(writer.products().upsertProduct(product(id, 301, 5))); // neither stored in Redis nor announced
    eventually("the reader reads the new price from PostgreSQL", () -> readOnReader(id).getPriceCents() == 301);
    redis.restart();
    eventually("both subscribed again", () -> subscribers() == 2);
    assertEquals(301, readOnReader(id).getPriceCents());
    await(writer.products().upsertProduct(product(id, 302, 5)));
    eventually("announcements flow again", () -> readOnReader(id).getPriceCents() == 302);
  }

  @Test
  void replayedAdjustStock_onAnotherProcess_doesNotBringBackTheEarlierRow() {
    String id = newProduct(writer, 400, 5);
    await(writer.products().adjustStock(adjust(id, 1, "req-1")));
    await(writer.products().adjustStock(adjust(id, 1, "req-2")));
    long resubscribed = reader.cacheStats().l1Resubscriptions.sum();
    redis.cli("CLIENT", "KILL", "TYPE", "pubsub"); // empties the reader's near-cache: it holds no row of the id
    eventually("reader subscribed again", () -> reader.cacheStats().l1Resubscriptions.sum() > resubscribed);

    Product replayed = await(readerProducts.adjustStock(adjust(id, 1, "req-1"))); // a retry, answered as first
    assertEquals(6, replayed.getStock(), "the first call's answer");
    assertEquals(7, readOnReader(id).getStock(), "the current row, not the replayed answer");
    assertEquals(7, getProduct(writer, id).getStock());
  }

  @Test
  void nearCacheCounters_areExportedAsMetrics() throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(writer.adminUrl() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    for (String name : new String[] {"hits", "misses", "evictions", "resubscriptions"}) {
      assertTrue(metrics.body().contains("orders_cache_l1_" + name + "_total"), "orders_cache_l1_" + name);
    }
  }

  private boolean nearHit(String id) {
    long hits = reader.cacheStats().l1Hits.sum();
    readOnReader(id);
    return reader.cacheStats().l1Hits.sum() > hits;
  }

  private Product readOnReader(String id) {
    return await(readerProducts.getProduct(GetProductRequest.newBuilder().setId(id).build()));
  }

  private long subscribers() {
    return redis.cli("CLIENT", "LIST", "TYPE", "pubsub").stream().filter(line -> line.contains("sub=1")).count();
  }
}
