package dev.orders.testsupport;

import dev.orders.api.v1.AdjustStockRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.LineItem;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.UpsertProductRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Builders for test data; every id is unique so tests sharing a server never collide. */
public final class Fixtures {

  private Fixtures() {}

  public static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public static UpsertProductRequest product(String id, long priceCents, int stock) {
    return UpsertProductRequest.newBuilder().setProduct(Product.newBuilder()
        .setId(id).setName("Product " + id).setDescription("test").setPriceCents(priceCents)
        .setCurrency("EUR").setStock(stock)).build();
  }

  /** Creates a product through the API and returns its id. */
  public static String newProduct(TestServer server, long priceCents, int stock) {
    String id = unique("prd_");
    TestServer.await(server.products().upsertProduct(product(id, priceCents, stock)));
    return id;
  }

  public static AdjustStockRequest adjust(String productId, int delta, String requestId) {
    return AdjustStockRequest.newBuilder().setProductId(productId).setDelta(delta).setRequestId(requestId).build();
  }

  /** An order's history through the API. */
  public static java.util.List<dev.orders.api.v1.OrderEvent> history(TestServer server, String orderId) {
    return TestServer.await(server.orders().getOrderHistory(
        dev.orders.api.v1.GetOrderHistoryRequest.newBuilder().setOrderId(orderId).build())).getEventsList();
  }

  public static CreateOrderRequest.Builder order(String userId, String requestId) {
    return CreateOrderRequest.newBuilder().setUserId(userId).setRequestId(requestId);
  }

  public static LineItem line(String productId, int quantity) {
    return LineItem.newBuilder().setProductId(productId).setQuantity(quantity).build();
  }

  /** Inserts products straight into PostgreSQL (no API call, so no cache invalidation), EUR, price = 100 + i. */
  public static java.util.List<String> insertProducts(TestServer server, String prefix, int count, int stock) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    try (Connection c = server.jdbc(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO products (id, name, price_cents, currency, stock) VALUES (?, ?, ?, 'EUR', ?)")) {
      for (int i = 0; i < count; i++) {
        String id = prefix + i;
        ps.setString(1, id);
        ps.setString(2, "Product " + id);
        ps.setLong(3, 100 + i);
        ps.setInt(4, stock);
        ps.addBatch();
        ids.add(id);
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  /** Polls until the condition holds (asynchronous effects such as cache fills), or fails. */
  public static void eventually(String what, java.util.function.BooleanSupplier condition) {
    eventually(what, java.time.Duration.ofSeconds(5), condition);
  }

  /** {@link #eventually(String, java.util.function.BooleanSupplier)} with a bound of {@code millis}. */
  public static void eventually(String what, long millis, java.util.function.BooleanSupplier condition) {
    eventually(what, java.time.Duration.ofMillis(millis), condition);
  }

  public static void eventually(String what, java.time.Duration within, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static dev.orders.api.v1.Product getProduct(TestServer server, String id) {
    return TestServer.await(server.products().getProduct(dev.orders.api.v1.GetProductRequest.newBuilder().setId(id).build()));
  }

  /** Reads until the product is served from a cache: the near-cache, or Redis when the near-cache is off or bypassed. */
  public static void awaitCacheHit(TestServer server, String id) {
    var stats = server.server.cacheStats();
    eventually(id + " served from a cache", () -> {
      long hits = stats.hits.sum() + stats.l1Hits.sum();
      getProduct(server, id);
      return stats.hits.sum() + stats.l1Hits.sum() > hits;
    });
  }

  /** The Redis key of a product's cache entry for this server's dataset (its cache epoch). */
  public static String cacheKey(TestServer server, String productId) {
    try (Connection c = server.jdbc(); var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch FROM cache_epoch")) {
      rs.next();
      return dev.orders.product.ProductCache.keyPrefix(server.config.cache(), rs.getLong(1)) + productId;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Locks a product row in a transaction of the test's own (FOR UPDATE), so a CreateOrder for it
   * holds its connection waiting; closing the returned connection rolls back and releases it.
   */
  public static Connection lockProduct(TestServer server, String productId) throws SQLException {
    Connection lock = server.jdbc();
    lock.setAutoCommit(false);
    try (var select = lock.prepareStatement("SELECT 1 FROM products WHERE id = ? FOR UPDATE")) {
      select.setString(1, productId);
      select.execute();
    }
    return lock;
  }

  /** Sessions of the service (application_name 'orders') now waiting on a lock. */
  public static int waitingOnLock(TestServer server) {
    return queryInt(server, "SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
        + " AND application_name = 'orders' AND wait_event_type = 'Lock'", server.database);
  }

  /** The stock in the database, read directly (not through the service under test). */
  public static int stockOf(TestServer server, String productId) {
    return queryInt(server, "SELECT stock FROM products WHERE id = ?", productId);
  }

  public static int queryInt(TestServer server, String sql, String param) {
    try (Connection c = server.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
