package dev.orders.product;

import static dev.orders.testsupport.Fixtures.cacheKey;
import static dev.orders.testsupport.Fixtures.awaitCacheHit;
import static dev.orders.testsupport.Fixtures.eventually;
import static dev.orders.testsupport.Fixtures.getProduct;
import static dev.orders.testsupport.Fixtures.insertProducts;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.product;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.cache.CacheStats;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Redis cache against a Redis of the test's own, so its command counts are exact; the
 * near-cache is off here (NearCacheTest covers it), so every read reaches Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductCacheTest {

  private RedisProcess redis;
  private TestServer server;
  private CacheStats stats;
  private Redis redisClient;

  @BeforeAll
  void start() {
    redis = RedisProcess.start();
    // a generous Redis timeout: this class counts commands, and a loaded CI box must not turn them into fallbacks
    server = TestServer.start("orders_cache", Map.of("ORDERS_REDIS_URL", redis.url(),
        "ORDERS_REDIS_TIMEOUT_MS", "2000", "ORDERS_L1_MAX_ENTRIES", "0"));
    stats = server.server.cacheStats();
    redisClient = Redis.createClient(server.vertx, redis.url());
  }

  @AfterAll
  void stop() throws Exception {
    await(redisClient.close());
    server.close();
    redis.close();
  }

  @Test
  void batchOfHundredWithFiftyCached_isOneMget_oneSelect_onePipelinedFill() {
    List<String> ids = insertProducts(server, unique("prd_rt_"), 100, 10);
    batchGet(ids.subList(0, 50));
    eventually("first fill", () -> stats.fills.sum() >= 1);
    redis.resetStats();
    long loads = stats.pgLoads.sum();
    long fills = stats.fills.sum();

    BatchGetProductsResponse resp = batchGet(ids);

    assertEquals(ids, resp.getProductsList().stream().map(Product::getId).toList(), "request order");
    eventually("second fill", () -> stats.fills.sum() == fills + 1);
    assertEquals(1, redis.calls("mget"), "one MGET for 100 keys");
    assertEquals(redis.calls("evalsha"), redis.calls("get"), "no GET but the store script's own, one per product");
    assertEquals(1, stats.pgLoads.sum() - loads, "one SELECT for the 50 misses");
    assertEquals(50, redis.calls("evalsha"), "the 50 loaded products, in the one pipelined fill, by the store script");
  }

  @Test
  void read_afterUpsertCreateOrderAndCancel_neverSeesOldPriceOrStock() {
    String id = insertProducts(server, unique("prd_fresh_"), 1, 10).get(0);
    awaitCacheHit(server, id);

    await(server.products().upsertProduct(product(id, 999, 10)));
    assertEquals(999, getProduct(server, id).getPriceCents(), "price after UpsertProduct");
    awaitCacheHit(server, id);

    Order order = await(server.orders().createOrder(order(unique("usr_"), unique("req-")).addItems(line(id, 3)).build()));
    assertEquals(7, getProduct(server, id).getStock(), "stock after CreateOrder");
    assertEquals(7, batchGet(List.of(id)).getProducts(0).getStock());
    awaitCacheHit(server, id);

    await(server.orders().cancelOrder(CancelOrderRequest.newBuilder().setOrderId(order.getId()).build()));
    assertEquals(10, getProduct(server, id).getStock(), "stock after CancelOrder");
  }

  @Test
  void fillOfAnOlderRow_heldUntilAWriteReturned_isRefused() {
    String id = insertProducts(server, unique("prd_old_"), 1, 10).get(0);
    Product loadedBeforeTheWrite = getProduct(server, id); // what a slow reader loaded: version 1
    Buffer heldFill = ProductCodec.encode(new dev.orders.product.Product(id, loadedBeforeTheWrite.getName(),
        loadedBeforeTheWrite.getDescription(), loadedBeforeTheWrite.getPriceCents(), loadedBeforeTheWrite.getCurrency(),
        loadedBeforeTheWrite.getStock(), Instant.EPOCH, loadedBeforeTheWrite.getVersion()));

    await(server.products().upsertProduct(product(id, 555, 10)));
    // the reader's fill reaches Redis only now, after the write returned
    Response stored = await(redisClient.send(Request.cmd(Command.EVAL).arg(ProductCodec.STORE_SCRIPT).arg(1)
        .arg(cacheKey(server, id)).arg(heldFill).arg(loadedBeforeTheWrite.getVersion()).arg(60_000)));

    assertEquals(0, stored.toInteger(), "the script refuses a version older than the one held");
    assertEquals(2, ProductCodec.version(await(redisClient.send(Request.cmd(Command.GET).arg(cacheKey(server, id))))
        .toBuffer()), "Redis keeps the written version");
    assertEquals(555, getProduct(server, id).getPriceCents());
  }

  @Test
  void writes_keepTheirProductsCached_withTheNewValues() {
    String id = insertProducts(server, unique("prd_warm_"), 1, 10).get(0);
    awaitCacheHit(server, id);
    await(server.orders().createOrder(order(unique("usr_"), unique("req-")).addItems(line(id, 4)).build()));
    long loads = stats.pgLoads.sum();
    long hits = stats.hits.sum();

    assertEquals(6, getProduct(server, id).getStock(), "the stock the order left");
    assertEquals(loads, stats.pgLoads.sum(), "served without PostgreSQL: the order wrote the new row through");
    assertEquals(hits + 1, stats.hits.sum());
  }

  @Test
  void redisLosingTheScript_storesStillArrive_byEval() {
    redis.cli("SCRIPT", "FLUSH");
    String id = insertProducts(server, unique("prd_noscript_"), 1, 10).get(0);
    getProduct(server, id);
    eventually("filled after NOSCRIPT", () -> redis.cli("GET", cacheKey(server, id)).get(0).startsWith("P"));
    redis.cli("SCRIPT", "FLUSH");
    await(server.products().upsertProduct(product(id, 444, 10)));
    long loads = stats.pgLoads.sum();
    assertEquals(444, getProduct(server, id).getPriceCents());
    assertEquals(loads, stats.pgLoads.sum(), "written through although Redis had forgotten the script");
  }

  @Test
  void twoHundredConcurrentColdReads_causeOneSelectPerInstance() {
    String id = insertProducts(server, unique("prd_sf_"), 1, 10).get(0);
    long loads = stats.pgLoads.sum();
    List<Future<Product>> reads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      reads.add(server.products().getProduct(GetProductRequest.newBuilder().setId(id).build()));
    }
    reads.forEach(f -> assertEquals(id, await(f).getId()));
    long selects = stats.pgLoads.sum() - loads;
    assertTrue(selects >= 1 && selects <= server.config.instances(), selects + " SELECTs for 200 cold reads");
  }

  @Test
  void unknownId_isRememberedBriefly_andCreatingItClearsThat() {
    String id = unique("prd_later_");
    assertEquals(GrpcStatus.NOT_FOUND, getReply(id).status());
    eventually("negative entry stored", () -> !redis.cli("GET", cacheKey(server, id)).isEmpty()
        && redis.cli("GET", cacheKey(server, id)).get(0).startsWith("N"));
    long loads = stats.pgLoads.sum();
    long negative = stats.negativeHits.sum();

    assertEquals(GrpcStatus.NOT_FOUND, getReply(id).status());
    assertEquals(loads, stats.pgLoads.sum(), "the second lookup does not reach PostgreSQL");
    assertEquals(negative + 1, stats.negativeHits.sum());

    await(server.products().upsertProduct(product(id, 100, 1)));
    assertEquals(id, getProduct(server, id).getId());
  }

  @Test
  void entryInAnUnknownFormat_isAMiss_notAnError() {
    String id = insertProducts(server, unique("prd_fmt_"), 1, 10).get(0);
    redis.cli("SET", cacheKey(server, id), "P\u0009garbage-from-a-future-version");
    long undecodable = stats.undecodable.sum();
    assertEquals(id, getProduct(server, id).getId());
    assertEquals(undecodable + 1, stats.undecodable.sum());
  }

  @Test
  void thousandConcurrentReads_shareTheConnection_withoutRedisErrors() {
    String id = insertProducts(server, unique("prd_hot_"), 1, 10).get(0);
    awaitCacheHit(server, id);
    long errors = stats.redisErrors.sum();
    long hits = stats.hits.sum();
    List<Future<Product>> reads = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      reads.add(server.products().getProduct(GetProductRequest.newBuilder().setId(id).build()));
    }
    reads.forEach(f -> assertEquals(id, await(f).getId()));
    assertEquals(errors, stats.redisErrors.sum(), "no pool-too-busy or other Redis failures");
    assertTrue(stats.hits.sum() - hits >= 1000, "all served from the cache");
  }



  private Reply<Product> getReply(String id) {
    return server.callAndWait(ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId(id).build());
  }

  private BatchGetProductsResponse batchGet(List<String> ids) {
    return await(server.products().batchGetProducts(BatchGetProductsRequest.newBuilder().addAllIds(ids).build()));
  }
}
