package dev.orders.testsupport;

import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.config.Config;
import dev.orders.db.Migrations;
import dev.orders.db.Postgres;
import dev.orders.ops.MeteredVertx;
import dev.orders.ops.Tracing;
import dev.orders.perf.BearerClient;
import dev.orders.perf.Tokens;
import dev.orders.server.OrdersServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real service for tests: its own database (migrated), N verticle instances on a free
 * port, and generated gRPC clients talking to it over a real socket. One shared instance per
 * test JVM ({@link #shared()}); stopped and its database dropped when the JVM exits.
 */
public final class TestServer {

  private static TestServer shared;

  /** The HS256 secret every test server verifies with, unless the test configures its own keys. */
  public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";
  public static final String ADMIN = "test-admin";

  public final Vertx vertx;
  public final Config config;
  public final String database;
  public final OrdersServer server;
  private final TestPostgres.Server pg;
  private final GrpcClient plain;
  /** Carries an admin token: tests written before auth act as an admin, who may do everything. */
  private final GrpcClient client;
  private final SocketAddress address;
  private final Tokens tokens;

  private TestServer(Vertx vertx, Config config, TestPostgres.Server pg, String database, OrdersServer server) {
    this.vertx = vertx;
    this.pg = pg;
    this.config = config;
    this.database = database;
    this.server = server;
    this.plain = GrpcClient.client(vertx);
    this.tokens = new Tokens(vertx, config.security().hs256Secret().orElse(SECRET));
    this.client = as(ADMIN, true);
    this.address = SocketAddress.inetSocketAddress(config.grpcPort(), "127.0.0.1");
  }

  public static synchronized TestServer shared() {
    if (shared == null) {
      // tests build long lists of one user's orders and backdate some: no pending limit or expiry
      // here; PendingLimitTest and ReservationExpiryTest run servers of their own for those
      shared = start("orders_test", Map.of("ORDERS_MAX_PENDING_PER_USER", "1000000",
          "ORDERS_PENDING_TIMEOUT_SECONDS", "0"));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A server of its own (for tests that stop it); the caller closes it. */
  public static TestServer start(String databasePrefix, Map<String, String> env) {
    return start(TestPostgres.SERVER, databasePrefix, env, MeteredVertx.create(Tracing.off()));
  }

  /** {@link #start(String, Map)} on a Vert.x of the test's own (a traced one, say), with a registry of its own. */
  public static TestServer start(String databasePrefix, Map<String, String> env, Vertx vertx) {
    return start(TestPostgres.SERVER, databasePrefix, env, metered(vertx));
  }

  /** A server of its own on the PostgreSQL {@code pg} (e.g. a {@link PostgresProcess} a test freezes). */
  public static TestServer start(TestPostgres.Server pg, String databasePrefix, Map<String, String> env) {
    return start(pg, databasePrefix, env, MeteredVertx.create(Tracing.off()));
  }

  private static TestServer start(TestPostgres.Server pg, String databasePrefix, Map<String, String> env,
      MeteredVertx metered) {
    String database = TestPostgres.createDatabase(pg, databasePrefix);
    Map<String, String> withSecret = new HashMap<>(env);
    if (!env.containsKey("ORDERS_AUTH_PUBLIC_KEYS_FILE") && !env.containsKey("ORDERS_AUTH_JWKS_FILE")) {
      withSecret.putIfAbsent("ORDERS_AUTH_HS256_SECRET", SECRET);
    }
    Config base = Config.fromEnv(withSecret);
    Config config = base
        .withPgUrl(pg.url(database))
        .withRedisUrl(env.getOrDefault("ORDERS_REDIS_URL", TestRedis.url()))
        .withCache(base.cache().withKeyPrefix(database + ":"))
        .withGrpcPort(freePort())
        .withInstances(2)
        .withOps(base.ops().withAdminPort(0)); // read the bound one from adminPort()
    Migrations.migrate(Postgres.connectOptions(config));
    return new TestServer(metered.vertx(), config, pg, database, await(OrdersServer.start(metered, config)));
  }

  /** A test's own Vert.x with a registry of its own, for {@link OrdersServer#start}. */
  public static MeteredVertx metered(Vertx vertx) {
    return new MeteredVertx(vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The admin HTTP port's base URL, e.g. for /metrics. */
  public String adminUrl() {
    return "http://127.0.0.1:" + server.adminPort();
  }

  /** A client whose calls carry a fresh token for {@code subject}, signed with this server's secret. */
  public GrpcClient as(String subject, boolean admin) {
    return new BearerClient(plain, token(subject, admin));
  }

  public String token(String subject, boolean admin) {
    return tokens.mint(subject, admin, Duration.ofHours(1));
  }

  /** The environment of a server that verifies tokens signed with {@link #SECRET}. */
  public static Map<String, String> authEnv() {
    return Map.of("ORDERS_AUTH_HS256_SECRET", SECRET);
  }

  /** A client without any token. */
  public GrpcClient anonymous() {
    return plain;
  }

  public SocketAddress address() {
    return address;
  }

  /** The generated client acting as {@code user} (not an admin). */
  public OrderServiceGrpcClient ordersAs(String user) {
    return OrderServiceGrpcClient.create(as(user, false), address);
  }

  public OrderServiceGrpcClient orders() {
    return OrderServiceGrpcClient.create(client, address);
  }

  public ProductServiceGrpcClient products() {
    return ProductServiceGrpcClient.create(client, address);
  }

  /**
   * A unary call through the raw client, so the test sees the status message as well
   * (the generated client's exception carries only the status code).
   */
  public <Req, Resp> Future<Reply<Resp>> call(ServiceMethod<Resp, Req> method, Req request) {
    return call(client, address, method, request);
  }

  /** A unary call that carries a gRPC deadline (grpc-timeout) of {@code timeoutMs}. */
  public <Req, Resp> Future<Reply<Resp>> call(ServiceMethod<Resp, Req> method, Req request, long timeoutMs) {
    return call(client, address, method, request, timeoutMs);
  }

  /** {@link #call(ServiceMethod, Object)} on any client and address. */
  public static <Req, Resp> Future<Reply<Resp>> call(GrpcClient client, SocketAddress address,
      ServiceMethod<Resp, Req> method, Req request) {
    return call(client, address, method, request, 0);
  }

  /** {@link #call(GrpcClient, SocketAddress, ServiceMethod, Object)} with a gRPC deadline of {@code timeoutMs} (0: none). */
  public static <Req, Resp> Future<Reply<Resp>> call(GrpcClient client, SocketAddress address,
      ServiceMethod<Resp, Req> method, Req request, long timeoutMs) {
    return client.request(address, method).compose(req -> {
      if (timeoutMs > 0) {
        req.timeout(timeoutMs, TimeUnit.MILLISECONDS);
      }
      req.end(request);
      return req.response().compose(resp -> {
        AtomicReference<Resp> body = new AtomicReference<>();
        resp.handler(body::set);
        return resp.end().transform(done -> Future.succeededFuture(
            new Reply<>(resp.status(), resp.statusMessage(), resp.status() == GrpcStatus.OK ? body.get() : null)));
      });
    });
  }

  /** Blocking variant of {@link #call} for the test thread. */
  public <Req, Resp> Reply<Resp> callAndWait(ServiceMethod<Resp, Req> method, Req request) {
    return await(call(method, request));
  }

  /** A JDBC connection to this server's database, for arranging and checking rows directly. */
  public Connection jdbc() {
    try {
      return pg.jdbc(database);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public synchronized void close() {
    try {
      await(server.stop().otherwiseEmpty()); // a test may have stopped it already
      await(plain.close());
      await(vertx.close());
    } finally {
      TestPostgres.dropDatabase(pg, database);
      if (config.redisUrl().equals(TestRedis.url())) {
        TestRedis.deleteKeys(config.cache().keyPrefix());
      }
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
