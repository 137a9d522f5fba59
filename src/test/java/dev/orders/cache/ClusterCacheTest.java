package dev.orders.cache;

import static dev.orders.testsupport.Fixtures.eventually;
import static dev.orders.testsupport.Fixtures.insertProducts;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.Product;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestRedis;
import dev.orders.testsupport.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A real 3-master Redis Cluster on loopback: batch reads, fills and invalidations across slots and nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCacheTest {

  private final List<RedisProcess> nodes = new ArrayList<>();
  private TestServer server;
  private CacheStats stats;

  @BeforeAll
  void startCluster() {
    for (int i = 0; i < 3; i++) {
      // the bus port defaults to port + 10000, which can pass 65535 for an ephemeral port: choose it
      nodes.add(RedisProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", "2000", "--cluster-port", Integer.toString(TestServer.freePort())));
    }
    List<String> create = new ArrayList<>(List.of("--cluster", "create"));
    nodes.forEach(n -> create.add("127.0.0.1:" + n.port));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    TestRedis.redisCli("127.0.0.1", nodes.get(0).port, create.toArray(String[]::new));
    eventually("cluster_state:ok", () -> nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").stream()
        .anyMatch(line -> line.startsWith("cluster_state:ok"))));

    String seeds = nodes.stream().map(RedisProcess::url).collect(Collectors.joining(","));
    server = TestServer.start("orders_cluster", Map.of("ORDERS_REDIS_MODE", "cluster", "ORDERS_REDIS_URL", seeds, "ORDERS_REDIS_TIMEOUT_MS", "2000",
        "ORDERS_L1_MAX_ENTRIES", "0")); // the Cluster's read paths are under test: no near-cache in front
    stats = server.server.cacheStats();
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (server != null) {
      server.close();
    }
    for (RedisProcess n : nodes) {
      n.close();
    }
  }

  @Test
  void batchRead_fillsAndHitsAcrossAllNodes_inRequestOrder() {
    List<String> ids = insertProducts(server, unique("prd_cl_"), 60, 10);
    List<String> asked = new ArrayList<>(ids);
    asked.add(3, "prd_missing_cl");

    BatchGetProductsResponse cold = batchGet(asked);
    assertEquals(ids, names(cold));
    assertEquals(List.of("prd_missing_cl"), cold.getMissingIdsList());
    eventually("fill landed", () -> stats.fills.sum() >= 1);
    nodes.forEach(n -> assertTrue(Long.parseLong(n.cli("DBSIZE").get(0)) > 0, "node " + n.port + " holds some keys"));

    long hits = stats.hits.sum();
    long errors = stats.redisErrors.sum();
    BatchGetProductsResponse warm = batchGet(asked);
    assertEquals(ids, names(warm), "values come back matched to their keys");
    assertEquals(hits + 60, stats.hits.sum(), "every product a hit on the second read");
    assertEquals(errors, stats.redisErrors.sum());
  }

  @Test
  void createOrder_invalidatesKeysOnSeveralNodes() {
    List<String> ids = insertProducts(server, unique("prd_clinv_"), 12, 10);
    batchGet(ids);
    eventually("cached", () -> {
      long hits = stats.hits.sum();
      batchGet(ids);
      return stats.hits.sum() - hits == ids.size();
    });
    CreateOrderRequest.Builder request = order(unique("usr_"), unique("req-"));
    ids.forEach(id -> request.addItems(line(id, 2)));
    await(server.orders().createOrder(request.build()));

    batchGet(ids).getProductsList().forEach(p -> assertEquals(8, p.getStock(), p.getId()));
  }

  private BatchGetProductsResponse batchGet(List<String> ids) {
    return await(server.products().batchGetProducts(BatchGetProductsRequest.newBuilder().addAllIds(ids).build()));
  }

  private static List<String> names(BatchGetProductsResponse r) {
    return r.getProductsList().stream().map(Product::getId).toList();
  }
}
