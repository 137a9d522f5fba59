package dev.orders.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orders.api.v1.LineItem;
import dev.orders.perf.BearerClient;
import dev.orders.perf.Tokens;
import dev.orders.testsupport.PostgresProcess;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.ServiceProcess;
import dev.orders.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario's world: a PostgreSQL and a Redis of its own, seeded with {@code orders seed}, the
 * packaged service started as the image starts it, and an admin client. {@link #close()} stops
 * every process by PID, also when the test failed.
 */
final class Rig implements AutoCloseable {

  static final String SECRET = "faults-secret-of-at-least-thirty-two-bytes";

  final PostgresProcess pg;
  final String database;
  final RedisProcess redis;
  final Map<String, String> env;
  /** Replaced by {@link #restartService}. */
  ServiceProcess service;
  final Vertx vertx = Vertx.vertx();
  private final GrpcClient plain = GrpcClient.client(vertx);
  final GrpcClient admin;
  /** Ordered and adjusted by the driver. */
  final List<String> products;
  /** Only read by the driver, so they stay cached. */
  final List<String> catalog;
  /** Touched by no driver: for a scenario's own reads and writes. */
  final List<String> spare;
  /** Per product: stock + reserved - adjustments, before any load. The ledger says it never changes. */
  private final Map<String, Long> baseline;

  private Rig(PostgresProcess pg, RedisProcess redis, Map<String, String> serviceEnv) throws SQLException {
    this.pg = pg;
    this.redis = redis;
    this.database = TestPostgres.createDatabase(pg.server(), "orders");
    this.env = environment(pg.url(database), redis, serviceEnv);
    ServiceProcess.run(env, Duration.ofMinutes(2), "seed", "--orders", "2000", "--users", "100", "--products", "200");
    this.baseline = inventory();
    List<String> ids = new ArrayList<>(baseline.keySet());
    this.products = ids.subList(0, 50);
    this.catalog = ids.subList(50, 150);
    this.spare = ids.subList(150, ids.size());
    this.service = ServiceProcess.serve(env);
    this.admin = new BearerClient(plain, new Tokens(vertx, SECRET).mint("fault-admin", true, Duration.ofHours(1)));
  }

  /** Starts everything; on a failure midway, stops what was started. */
  static Rig start(Map<String, String> serviceEnv) throws Exception {
    PostgresProcess pg = PostgresProcess.start();
    RedisProcess redis = null;
    try {
      redis = RedisProcess.start();
      return new Rig(pg, redis, serviceEnv);
    } catch (Exception | Error e) {
      if (redis != null) {
        redis.close();
      }
      pg.close();
      throw e;
    }
  }

  private static Map<String, String> environment(String pgUrl, RedisProcess redis, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("ORDERS_PG_URL", pgUrl);
    env.put("ORDERS_REDIS_URL", redis.url());
    env.put("ORDERS_AUTH_HS256_SECRET", SECRET);
    env.put("ORDERS_HEALTH_INTERVAL_MS", "200");
    env.put("ORDERS_SHUTDOWN_DELAY_MS", "0");
    env.put("ORDERS_ACCESS_LOG", "false");
    env.put("ORDERS_MAX_PENDING_PER_USER", "1000000");
    // 50 ms by default, for a Redis next door on a quiet host; this 2-core machine is shared by
    // several builds at once (load average above 10), where 50 ms round trips time out healthy
    env.put("ORDERS_REDIS_TIMEOUT_MS", "250");
    env.putAll(extra);
    return env;
  }

  /** Stops the service and starts it again with {@code extra} on top of its environment (same database, Redis). */
  void restartService(Map<String, String> extra) throws InterruptedException {
    service.close();
    Map<String, String> changed = new HashMap<>(env);
    changed.putAll(extra);
    service = ServiceProcess.serve(changed);
  }

  Driver driver(long deadlineMs) {
    return new Driver(vertx, admin, SocketAddress.inetSocketAddress(service.grpcPort, "127.0.0.1"), products,
        catalog, deadlineMs);
  }

  /** A driver of {@code workers} loops, after 3 s of warm-up under its load. */
  Driver loaded(long deadlineMs, int workers) throws InterruptedException {
    Driver driver = driver(deadlineMs).start(workers);
    Thread.sleep(3000);
    return driver;
  }

  Connection jdbc() throws SQLException {
    return pg.server().jdbc(database);
  }

  /**
   * The ledger: every acknowledged CreateOrder is in the database with its items; no order without
   * items; one order per (user_id, request_id); per product, initial stock + adjustments = stock +
   * quantities reserved by non-cancelled orders. Returns a one-line summary for the report.
   */
  String checkLedger(java.util.Collection<Driver.Ack> acks) throws SQLException {
    try (Connection c = jdbc(); Statement s = c.createStatement()) {
      Map<String, String> orderItems = new HashMap<>();
      try (ResultSet rs = s.executeQuery("SELECT o.id, o.user_id, o.request_id, string_agg(i.product_id || 'x'"
          + " || i.quantity, ',' ORDER BY i.line_no) FROM orders o JOIN order_items i ON i.order_id = o.id"
          + " WHERE o.user_id LIKE 'fault-user-%' GROUP BY o.id")) {
        while (rs.next()) {
          orderItems.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getString(4));
        }
      }
      for (Driver.Ack ack : acks) {
        String key = ack.orderId() + "/" + ack.userId() + "/" + ack.requestId();
        assertEquals(items(ack.lines()), orderItems.get(key), "acknowledged order " + key + " in the database");
      }
      assertEquals(0, count(s, "SELECT count(*) FROM orders o"
          + " WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)"), "orders without items");
      assertEquals(0, count(s, "SELECT count(*) FROM (SELECT 1 FROM orders GROUP BY user_id, request_id"
          + " HAVING count(*) > 1) d"), "(user_id, request_id) pairs with two orders");
      assertEquals(baseline, inventory(), "per product: stock + reserved - adjustments, before and after");
      return "ledger OK: " + acks.size() + " acknowledged orders found with their items ("
          + acks.stream().filter(a -> a.attempts() > 1).count() + " after a retry), " + orderItems.size()
          + " driver orders in the database,"
          + " no order without items, no duplicate request_id, stock balanced on " + baseline.size() + " products";
    }
  }

  private static String items(List<LineItem> lines) {
    return String.join(",", lines.stream().map(l -> l.getProductId() + "x" + l.getQuantity()).toList());
  }

  private Map<String, Long> inventory() throws SQLException {
    Map<String, Long> balance = new java.util.TreeMap<>();
    try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT p.id, p.stock"
            + " + coalesce((SELECT sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id"
            + "   WHERE i.product_id = p.id AND o.status <> 'CANCELLED'), 0)"
            + " - coalesce((SELECT sum(a.delta) FROM stock_adjustments a WHERE a.product_id = p.id), 0)"
            + " FROM products p ORDER BY p.id")) {
      while (rs.next()) {
        balance.put(rs.getString(1), rs.getLong(2));
      }
    }
    return balance;
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Connections of the service's pools that are not idle (a stuck one stays busy). */
  long busyConnections() throws SQLException {
    try (Connection c = jdbc(); Statement s = c.createStatement()) {
      return count(s, "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'"
          + " AND application_name = 'orders' AND state <> 'idle'");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      service.close();
      vertx.close().toCompletionStage().toCompletableFuture().get();
    } finally {
      try {
        redis.close();
      } finally {
        pg.close();
      }
    }
  }
}
