package dev.orders.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.AdjustStockRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.HealthProbe;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.common.GrpcStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 1: Redis killed and started again under load, once with the near-cache (L1) off, which
 * judges Redis's loss and return alone, and once with it on (the default), where losing Redis also
 * loses the announcement stream: the instance must drop L1 and bypass it until it subscribes again.
 */
class RedisKilledFaultIT {

  private static final String REDIS_HITS = "orders_cache_hits_total";
  private static final String L1_HITS = "orders_cache_l1_hits_total";
  private static final String L1_READS_MISSED = "orders_cache_l1_misses_total";

  @ParameterizedTest(name = "near-cache {0}")
  @ValueSource(booleans = {false, true})
  void redisKilledUnderLoad_noCallFails_readsStayCorrect_andCacheHitsResumeAfterRestart(boolean nearCache)
      throws Exception {
    try (Rig rig = Rig.start(nearCache ? Map.of() : Map.of("ORDERS_L1_MAX_ENTRIES", "0"))) {
      Driver driver = rig.driver(2000).start(8);
      awaitHits(rig, "the cache serves hits before the fault", 0);
      List<String> marked = rig.spare.subList(0, 10);
      stockServed(rig, marked);
      stockServed(rig, marked); // the second read of each is a cache hit: what the cache holds now

      long killedAt = driver.nowMs();
      rig.redis.stop();
      Thread.sleep(1000);
      double l1ReadsAfterLoss = l1Reads(rig);
      marked.forEach(id -> adjust(rig, id)); // written while nothing can be announced
      Thread.sleep(4000);
      double l1ReadsWhileDown = l1Reads(rig);
      double hitsWhileDown = hits(rig);
      rig.redis.restart(); // restart() of a stopped server: launches it again on the same port
      long restartedAt = driver.nowMs();
      long recoveredMs = awaitHits(rig, "cache hits resume", hitsWhileDown);
      Thread.sleep(2000);
      driver.stop();
      HealthProbe.millisUntil("no pending cache write", 10_000,
          () -> rig.service.metric("orders_cache_pending_writes") == 0);

      // from the kill on; the warm-up before it (a cold JVM on a busy machine) is reported, not judged
      Map<GrpcStatus, Long> all = driver.byStatus(killedAt, Long.MAX_VALUE);
      assertEquals(Set.of(GrpcStatus.OK), all.keySet(), "every call succeeds: " + Driver.names(all) + " "
          + driver.firstMessages);
      assertEquals(stockInDatabase(rig, marked), stockServed(rig, marked),
          "products written while Redis was down are served as stored, not as cached before");
      if (nearCache) {
        assertEquals(l1ReadsAfterLoss, l1ReadsWhileDown, "the near-cache is bypassed while the stream is lost");
        assertTrue(rig.service.metric("orders_cache_l1_resubscriptions_total") >= 1, "subscribed again");
        assertTrue(rig.service.metric(L1_HITS) > l1ReadsWhileDown, "the near-cache serves hits again");
      }
      Report.scenario("1 Redis killed and restarted, near-cache " + (nearCache ? "on" : "off"), driver, Map.of(
          "warm-up before the kill (not judged)", Driver.names(driver.byStatus(0, killedAt)),
          "Redis down", (restartedAt - killedAt) + " ms",
          "cache hits (" + (nearCache ? "L1 or Redis" : "Redis") + ") resumed after restart", recoveredMs + " ms",
          "products adjusted while Redis was down, read after", "stock as in PostgreSQL (" + marked.size() + ")"),
          rig.checkLedger(driver.acks));
    }
  }

  /** Hits of the near-cache and of Redis. */
  private static double hits(Rig rig) {
    return rig.service.metric(REDIS_HITS) + rig.service.metric(L1_HITS);
  }

  /** Reads the near-cache answered, hit or miss; a bypassed near-cache answers none. */
  private static double l1Reads(Rig rig) {
    return rig.service.metric(L1_HITS) + rig.service.metric(L1_READS_MISSED);
  }

  /** Waits for 100 hits more than {@code from}; how long it took. */
  private static long awaitHits(Rig rig, String what, double from) {
    try {
      return HealthProbe.millisUntil(what, 20_000, () -> hits(rig) > from + 100);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + rig.service.metrics("orders_cache"), e);
    }
  }

  private static void adjust(Rig rig, String id) {
    AdjustStockRequest request = AdjustStockRequest.newBuilder().setProductId(id).setDelta(1)
        .setRequestId("mark-" + id).build();
    Reply<?> reply = TestServer.await(TestServer.call(rig.admin, address(rig), ProductServiceGrpcClient.AdjustStock,
        request, 2000));
    assertTrue(reply.ok(), "AdjustStock " + id + " while Redis is down: " + reply);
  }

  private static Map<String, Long> stockServed(Rig rig, List<String> ids) {
    Map<String, Long> stock = new TreeMap<>();
    for (String id : ids) {
      Reply<Product> reply = TestServer.await(TestServer.call(rig.admin, address(rig),
          ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId(id).build(), 2000));
      assertTrue(reply.ok(), "GetProduct " + id + ": " + reply);
      stock.put(id, (long) reply.body().getStock());
    }
    return stock;
  }

  private static Map<String, Long> stockInDatabase(Rig rig, List<String> ids) throws Exception {
    Map<String, Long> stock = new TreeMap<>();
    try (Connection c = rig.jdbc(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, stock FROM products WHERE id IN ('"
            + String.join("','", ids) + "')")) {
      while (rs.next()) {
        stock.put(rs.getString(1), rs.getLong(2));
      }
    }
    return stock;
  }

  private static SocketAddress address(Rig rig) {
    return SocketAddress.inetSocketAddress(rig.service.grpcPort, "127.0.0.1");
  }
}
