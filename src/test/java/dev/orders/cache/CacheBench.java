package dev.orders.cache;

import dev.orders.config.Config;
import dev.orders.db.Migrations;
import dev.orders.db.Postgres;
import dev.orders.product.Product;
import dev.orders.product.NearCache;
import dev.orders.product.ProductCache;
import dev.orders.product.ProductCatalog;
import dev.orders.product.ProductCodec;
import dev.orders.product.ProductRepository;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestPostgres;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Catalog read paths measured in one run on this machine (not a test): BatchGetProducts(100)
 * all-hit, all-miss (our MGET + ANY($1) + one pipelined fill), and the seed's approach (one SET
 * per product, awaited in turn); GetProduct hit and miss. Data layer only, no gRPC, so the
 * numbers compare cache strategies. Run: perf/cache-bench.sh
 */
public final class CacheBench {

  private static final int PRODUCTS = 2_000_000; // enough never-cached ids for every cold pass
  private static final int IN_FLIGHT = Integer.getInteger("bench.inflight", 16);
  private static final long SECONDS = Long.getLong("bench.seconds", 5);

  public static void main(String[] args) throws Exception {
    String db = TestPostgres.createDatabase("orders_bench");
    try (RedisProcess redis = RedisProcess.start()) {
      Config config = Config.fromEnv(Map.of(
          // measure the cache paths, not the fallback: a busy 2-core box can pass the 50 ms default
          "ORDERS_REDIS_TIMEOUT_MS", "1000"))
          .withPgUrl(TestPostgres.SERVER.url(db)).withRedisUrl(redis.url());
      Migrations.migrate(Postgres.connectOptions(config));
      try (Connection c = TestPostgres.SERVER.jdbc(db); var s = c.createStatement()) {
        s.execute("INSERT INTO products (id, name, description, price_cents, currency, stock)"
            + " SELECT 'prd_' || g, 'Product ' || g, 'A product used by the benchmark', 100 + g % 5000, 'EUR', 1000"
            + " FROM generate_series(1, " + PRODUCTS + ") g");
        s.execute("ANALYZE products");
      }
      run(config, redis);
    } finally {
      TestPostgres.dropDatabase(db);
    }
  }

  private static void run(Config config, RedisProcess redisProcess) throws Exception {
    Vertx vertx = Vertx.vertx();
    Context context = vertx.getOrCreateContext();
    Postgres pg = Postgres.connect(vertx, config);
    CacheStats stats = new CacheStats();
    ProductRepository repository = new ProductRepository(pg);
    ProductCatalog catalog = onContext(context, () -> repository.cacheEpoch().compose(epoch -> {
      ProductCatalog started = new ProductCatalog(vertx, repository,
          new ProductCache(GuardedRedis.create(vertx, config, stats), config.cache(), epoch, stats), NearCache.off(stats), stats);
      return started.start().map(started);
    }));
    Thread.sleep(500); // let the cache connect
    RedisConnection seedConn = onContext(context, () -> Redis.createClient(vertx, redisProcess.url()).connect());

    List<String> hot = ids(1, 100);
    onContext(context, () -> catalog.getManyEncoded(hot));
    Thread.sleep(300);
    AtomicInteger cursor = new AtomicInteger(1000);
    IntFunction<List<String>> cold = i -> ids(cursor.getAndAdd(100), 100);

    System.out.printf("%nCatalog read paths, %d in flight, %d s each after a %d s warm-up, %d products (%s)%n",
        IN_FLIGHT, SECONDS, 2, PRODUCTS, Runtime.getRuntime().availableProcessors() + " cores");
    System.out.printf("%-62s %10s %9s %9s %9s%n", "path", "calls/s", "p50 ms", "p99 ms", "max ms");
    report("BatchGetProducts(100) all hit", measure(context, i -> catalog.getManyEncoded(hot)));
    report("BatchGetProducts(100) all miss (MGET+ANY+pipelined fill)", measure(context, i -> catalog.getManyEncoded(cold.apply(i))));
    report("BatchGetProducts(100) all miss, seed (SET per product in turn)",
        measure(context, i -> seedStyle(repository, seedConn, config, cold.apply(i))));
    report("GetProduct hit", measure(context, i -> catalog.getEncoded("prd_1")));
    report("GetProduct miss", measure(context, i -> catalog.getEncoded("prd_" + cursor.getAndIncrement())));
    System.out.printf("cache counters: hits=%d misses=%d negative_hits=%d pg_loads=%d fills=%d"
        + " write_throughs=%d redis_errors=%d fallbacks=%d undecodable=%d%n",
        stats.hits.sum(), stats.misses.sum(), stats.negativeHits.sum(), stats.pgLoads.sum(), stats.fills.sum(),
        stats.writeThroughs.sum(), stats.redisErrors.sum(), stats.fallbacks.sum(), stats.undecodable.sum());
    if (cursor.get() > PRODUCTS) {
      System.out.println("WARNING: the cold passes ran out of never-cached ids; their numbers are not all-miss");
    }
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  /** The seed's fill: after the read, one SET per loaded product, each awaited before the next. */
  private static Future<?> seedStyle(ProductRepository repository, RedisConnection redis,
      Config config, List<String> ids) {
    Request mget = Request.cmd(Command.MGET);
    ids.forEach(id -> mget.arg("seed:product:" + id));
    return redis.send(mget).compose(ignored -> repository.getMany(ids)).compose(products -> {
      Future<?> chain = Future.succeededFuture();
      for (Product p : products) {
        chain = chain.compose(v -> redis.send(Request.cmd(Command.SET).arg("seed:product:" + p.id())
            .arg(ProductCodec.toProto(p).toByteArray()).arg("EX").arg(config.cache().ttl().toSeconds())));
      }
      return chain;
    });
  }

  /** Keeps IN_FLIGHT calls going for the warm-up and then the measured period. */
  private static Histogram measure(Context context, IntFunction<Future<?>> call) throws Exception {
    Histogram histogram = new Histogram(60_000_000_000L, 3);
    long warmUntil = System.nanoTime() + 2_000_000_000L;
    long endAt = warmUntil + SECONDS * 1_000_000_000L;
    AtomicInteger seq = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(IN_FLIGHT);
    context.runOnContext(v -> {
      for (int i = 0; i < IN_FLIGHT; i++) {
        loop(call, histogram, seq, warmUntil, endAt, running, done);
      }
    });
    done.future().toCompletionStage().toCompletableFuture().get();
    return histogram;
  }

  private static void loop(IntFunction<Future<?>> call, Histogram h, AtomicInteger seq, long warmUntil, long endAt,
      AtomicInteger running, Promise<Void> done) {
    long start = System.nanoTime();
    if (start >= endAt) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    call.apply(seq.getAndIncrement()).onComplete(ar -> {
      long end = System.nanoTime();
      if (start >= warmUntil && ar.succeeded()) {
        h.recordValue(end - start);
      }
      loop(call, h, seq, warmUntil, endAt, running, done);
    });
  }

  private static void report(String name, Histogram h) {
    System.out.printf("%-62s %10.0f %9.2f %9.2f %9.2f%n", name, h.getTotalCount() / (double) SECONDS,
        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
  }

  private static List<String> ids(int from, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add("prd_" + (from + i));
    }
    return ids;
  }

  private static <T> T onContext(Context context, java.util.function.Supplier<Future<T>> action) throws Exception {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future().toCompletionStage().toCompletableFuture().get();
  }
}
