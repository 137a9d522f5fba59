package dev.orders.testsupport;

import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.config.Config;
import dev.orders.db.Migrations;
import dev.orders.db.Postgres;
import dev.orders.server.OrdersServer;
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

  public final Vertx vertx;
  public final Config config;
  public final String database;
  public final OrdersServer server;
  private final GrpcClient client;
  private final SocketAddress address;

  private TestServer(Vertx vertx, Config config, String database, OrdersServer server) {
    this.vertx = vertx;
    this.config = config;
    this.database = database;
    this.server = server;
    this.client = GrpcClient.client(vertx);
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
    String database = TestPostgres.createDatabase(databasePrefix);
    Config base = Config.fromEnv(env);
    Config config = base
        .withPgUrl(TestPostgres.SERVER.url(database))
        .withRedisUrl(env.getOrDefault("ORDERS_REDIS_URL", TestRedis.url()))
        .withCache(base.cache().withKeyPrefix(database + ":"))
        .withGrpcPort(freePort())
        .withInstances(2);
    Migrations.migrate(Postgres.connectOptions(config));
    Vertx vertx = Vertx.vertx();
    return new TestServer(vertx, config, database, await(OrdersServer.start(vertx, config)));
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

  private static <Req, Resp> Future<Reply<Resp>> call(GrpcClient client, SocketAddress address,
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
      return TestPostgres.SERVER.jdbc(database);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public synchronized void close() {
    try {
      await(server.stop().otherwiseEmpty()); // a test may have stopped it already
      await(client.close());
      await(vertx.close());
    } finally {
      TestPostgres.dropDatabase(database);
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
