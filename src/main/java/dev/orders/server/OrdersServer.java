package dev.orders.server;

import dev.orders.auth.AuthGate;
import dev.orders.auth.AuthKeys;
import dev.orders.cache.CacheStats;
import dev.orders.cache.GuardedRedis;
import dev.orders.config.Config;
import dev.orders.config.InventoryConfig;
import dev.orders.config.Redact;
import dev.orders.db.Postgres;
import dev.orders.grpc.CallLimits;
import dev.orders.grpc.GrpcVerticle;
import dev.orders.grpc.GrpcVerticle.Services;
import dev.orders.ops.MeteredVertx;
import dev.orders.ops.Operations;
import dev.orders.order.ExpirySweeper;
import dev.orders.order.OrderRepository;
import dev.orders.order.OrderService;
import dev.orders.order.PageTokens;
import dev.orders.product.NearCache;
import dev.orders.product.ProductCache;
import dev.orders.product.ProductCatalog;
import dev.orders.product.ProductRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: PostgreSQL clients shared by N gRPC verticles on one port, each verticle
 * with its own Redis connection and single-flight loader. Migrations are not its job: they run,
 * blocking, before {@link #start}. PostgreSQL must be reachable to start (the cache epoch and the
 * page-token key are read from it); Redis need not be.
 */
public final class OrdersServer {

  private static final Logger LOG = LoggerFactory.getLogger(OrdersServer.class);

  private final Vertx vertx;
  private final Postgres pg;
  private final CacheStats cacheStats;
  private final Operations ops;
  private final CallLimits callLimits;
  private final NearCache near;
  private final List<String> deploymentIds;

  private OrdersServer(Vertx vertx, Postgres pg, CacheStats cacheStats, Operations ops, CallLimits callLimits,
      NearCache near, List<String> deploymentIds) {
    this.vertx = vertx;
    this.pg = pg;
    this.cacheStats = cacheStats;
    this.ops = ops;
    this.callLimits = callLimits;
    this.near = near;
    this.deploymentIds = deploymentIds;
  }

  /**
   * Reads what every instance shares from PostgreSQL (the cache epoch, the page-token key), starts
   * readiness and the admin port, then deploys the instances, which listen once their services
   * started, then the expiry sweeper (one per process).
   */
  public static Future<OrdersServer> start(MeteredVertx metered, Config config) {
    Vertx vertx = metered.vertx();
    CallLimits callLimits = new CallLimits(config.resilience());
    vertx.exceptionHandler(err -> unhandled(err, callLimits));
    AuthGate.warnIfDisabled(config.security());
    AuthKeys keys;
    try {
      keys = AuthKeys.read(config.security());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Postgres pg = Postgres.connect(vertx, config);
    CacheStats cacheStats = new CacheStats();
    return Stored.read(pg, config)
        .compose(stored -> Operations.start(metered, config, cacheStats).compose(ops -> {
          NearCache near = NearCache.start(vertx, config, stored.cacheEpoch(), cacheStats);
          return deploy(vertx, config, callLimits,
                instanceVertx -> wire(instanceVertx, config, pg, cacheStats, ops, stored, keys, near))
                .compose(grpc -> deployExpiry(vertx, config, pg, cacheStats, stored.cacheEpoch(), near)
                    .map(expiry -> Stream.concat(Stream.of(grpc), expiry.stream()).toList())
                    .recover(err -> vertx.undeploy(grpc).transform(v -> Future.failedFuture(err))))
                .map(ids -> new OrdersServer(vertx, pg, cacheStats, ops, callLimits, near, ids))
                .onSuccess(server -> ops.readiness().listening())
                .recover(err -> near.close().eventually(ops::close).transform(v -> Future.failedFuture(err)));
        }))
        .onSuccess(server -> LOG.info("serving gRPC on port {} with {} event-loop instances; product cache on {} ({})",
            config.grpcPort(), config.instances(), Redact.url(config.redisUrl()), config.cache().mode()))
        .recover(err -> pg.close().transform(v -> Future.failedFuture(err)));
  }

  /** Values kept in the database that every instance needs, read once at start. */
  private record Stored(long cacheEpoch, PageTokens pageTokens) {
    static Future<Stored> read(Postgres pg, Config config) {
      return new ProductRepository(pg).cacheEpoch()
          .compose(epoch -> orders(config, pg).pageTokenKey().map(key -> new Stored(epoch, new PageTokens(key))))
          .recover(err -> Future.failedFuture(new IllegalStateException(
              "cannot read the cache epoch and page-token key from PostgreSQL: " + err.getMessage(), err)));
    }
  }

  private static Future<String> deploy(Vertx vertx, Config config, CallLimits limits,
      GrpcVerticle.ServicesFactory services) {
    AtomicInteger instance = new AtomicInteger();
    return vertx.deployVerticle(
        () -> new GrpcVerticle(services, limits, instance.incrementAndGet(), config.instances(), config.grpcPort(),
            config.shutdownGrace(), config.security().reflection(), config.transport(), config.logs().accessLog()),
        new DeploymentOptions().setInstances(config.instances()));
  }

  /** The sweeper when PENDING orders expire (its deployment id), none when they never do. */
  private static Future<Optional<String>> deployExpiry(Vertx vertx, Config config, Postgres pg, CacheStats cacheStats,
      long cacheEpoch, NearCache near) {
    InventoryConfig inventory = config.inventory();
    if (!inventory.expires()) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.deployVerticle(new ExpiryVerticle(sweeperVertx -> {
      ProductCatalog catalog = catalog(sweeperVertx, config, pg, cacheStats, cacheEpoch, near);
      return new ExpiryVerticle.Parts(catalog, new ExpirySweeper(sweeperVertx, orders(config, pg), catalog::changed,
          inventory.pendingTimeout(), inventory.sweepInterval()));
    })).map(Optional::of);
  }

  /** One instance's services; builds objects only; they start in {@link GrpcVerticle#start()}. */
  private static Services wire(Vertx vertx, Config config, Postgres pg, CacheStats cacheStats, Operations ops,
      Stored stored, AuthKeys keys, NearCache near) {
    ProductCatalog catalog = catalog(vertx, config, pg, cacheStats, stored.cacheEpoch(), near);
    return new Services(new OrderService(orders(config, pg), catalog::changed), stored.pageTokens(), catalog,
        AuthGate.create(vertx, config.security(), keys), ops.forInstance(vertx));
  }

  private static ProductCatalog catalog(Vertx vertx, Config config, Postgres pg, CacheStats cacheStats,
      long cacheEpoch, NearCache near) {
    ProductCache cache = new ProductCache(GuardedRedis.create(vertx, config, cacheStats), config.cache(),
        cacheEpoch, cacheStats);
    return new ProductCatalog(vertx, new ProductRepository(pg), cache, near, cacheStats);
  }

  private static OrderRepository orders(Config config, Postgres pg) {
    return new OrderRepository(pg, config.inventory().maxPendingPerUser());
  }

  /**
   * A call that outlived its gRPC deadline was already answered DEADLINE_EXCEEDED by the server,
   * or was reset by its caller; when its handler finishes later, Vert.x 5.0.7 throws "The stream
   * has been closed" or "The stream is failed: CANCELLED" from the generated glue. That is
   * expected, not an error: one line at debug, not a stack trace per call.
   */
  private static void unhandled(Throwable err, CallLimits calls) {
    if (err instanceof IllegalStateException && err.getMessage() != null
        && (err.getMessage().equals("The stream has been closed") || err.getMessage().startsWith("The stream is failed"))) {
      LOG.debug("a call finished after it had been answered by its deadline or reset by its caller");
    } else if (err instanceof UnsupportedOperationException && "Handle me".equals(err.getMessage())) {
      // vertx-grpc's deframer on a compressed message without grpc-encoding: a caller's fault,
      // answered on its stream (see ProtocolAbuseTest), one debug line rather than a stack trace
      calls.refuseUndecodable("the message is compressed but the call names no grpc-encoding");
      LOG.debug("refused a compressed gRPC message that named no grpc-encoding");
    } else {
      LOG.error("unhandled exception on an event loop", err);
    }
  }

  /** The process's cache counters, summed over all instances. */
  public CacheStats cacheStats() {
    return cacheStats;
  }

  /** The first step of a stop: readiness turns NOT_SERVING at once while calls are still served. */
  public void stopping() {
    ops.readiness().stopping();
  }

  /** The admin HTTP port actually bound (ORDERS_ADMIN_PORT=0 picks a free one). */
  public int adminPort() {
    return ops.adminPort();
  }

  /** The process's bound on calls in flight, with its counts. */
  public CallLimits callLimits() {
    return callLimits;
  }

  /**
   * Graceful: stop accepting, drain in-flight calls (bounded by ORDERS_SHUTDOWN_GRACE_MS) and the
   * sweep under way, close pools.
   */
  public Future<Void> stop() {
    stopping();
    return Future.join(deploymentIds.stream().map(vertx::undeploy).toList()).<Void>mapEmpty()
        .eventually(near::close).eventually(ops::close).eventually(pg::close);
  }
}
