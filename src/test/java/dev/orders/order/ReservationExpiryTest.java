package dev.orders.order;

import static dev.orders.testsupport.Fixtures.awaitCacheHit;
import static dev.orders.testsupport.Fixtures.getProduct;
import static dev.orders.testsupport.Fixtures.history;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.stockOf;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderEvent;
import dev.orders.api.v1.OrderEventType;
import dev.orders.api.v1.OrderStatus;
import dev.orders.api.v1.UpdateOrderStatusRequest;
import dev.orders.server.OrdersServer;
import dev.orders.testsupport.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ORDERS_PENDING_TIMEOUT_SECONDS=2 on a server of its own (its sweeper, and in one test a second server's). */
class ReservationExpiryTest {

  private static final long TIMEOUT_MS = 2000;
  /** "Within a few seconds": the timeout, a quarter of it for the sweep interval, and slack for a busy machine. */
  private static final long EXPIRES_WITHIN_MS = TIMEOUT_MS + 6000;
  private static TestServer server;

  @BeforeAll
  static void start() {
    // small pools: PostgreSQL's connections are shared with the suite's other servers (and a second one here)
    server = TestServer.start("orders_expiry", Map.of("ORDERS_PENDING_TIMEOUT_SECONDS", "2", "ORDERS_PG_POOL_SIZE", "4"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pendingOrder_isCancelledAsExpired_withinSeconds_stockBackAndServed_confirmedUntouched() throws SQLException {
    String product = newProduct(server, 100, 10);
    Order confirmed = create(product, 2);
    await(server.orders().updateOrderStatus(UpdateOrderStatusRequest.newBuilder().setOrderId(confirmed.getId())
        .setStatus(OrderStatus.ORDER_STATUS_CONFIRMED).build()));
    age(confirmed.getId());
    long created = System.nanoTime();
    Order pending = create(product, 3);
    awaitCacheHit(server, product);
    assertEquals(5, getProduct(server, product).getStock(), "the reservation is cached");

    awaitStatus(pending.getId(), OrderStatus.ORDER_STATUS_CANCELLED);
    long tookMs = (System.nanoTime() - created) / 1_000_000;

    assertTrue(tookMs >= TIMEOUT_MS && tookMs <= EXPIRES_WITHIN_MS, "expired after " + tookMs + " ms");
    assertEquals(8, stockOf(server, product), "the expired order's stock is back");
    assertEquals(8, getProduct(server, product).getStock(), "and served, not the cached reservation");
    OrderEvent last = lastEvent(pending.getId());
    assertEquals(OrderEventType.ORDER_EVENT_TYPE_CANCELLED, last.getType());
    assertEquals("expired", last.getReason());
    assertEquals(OrderStatus.ORDER_STATUS_CONFIRMED, get(confirmed.getId()).getStatus(), "CONFIRMED is never expired");
  }

  @Test
  void twoServersSweepingAtOnce_cancelEachOrderOnce() {
    OrdersServer second = await(OrdersServer.start(TestServer.metered(server.vertx), server.config.withGrpcPort(TestServer.freePort())));
    try {
      String product = newProduct(server, 100, 1000);
      List<Order> orders = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        orders.add(create(product, 1));
      }
      for (Order o : orders) {
        awaitStatus(o.getId(), OrderStatus.ORDER_STATUS_CANCELLED);
      }
      for (Order o : orders) {
        List<OrderEvent> events = history(server, o.getId());
        assertEquals(2, events.size(), "created and cancelled once: " + events);
        assertEquals("expired", events.get(1).getReason());
      }
      assertEquals(1000, stockOf(server, product), "each order's stock came back exactly once");
    } finally {
      await(second.stop());
    }
  }

  private Order create(String product, int quantity) {
    return await(server.orders().createOrder(order(unique("usr_"), unique("req-")).addItems(line(product, quantity))
        .build()));
  }

  private static Order get(String orderId) {
    return await(server.orders().getOrder(GetOrderRequest.newBuilder().setOrderId(orderId).build()));
  }

  private static OrderEvent lastEvent(String orderId) {
    List<OrderEvent> events = history(server, orderId);
    return events.get(events.size() - 1);
  }

  private static void awaitStatus(String orderId, OrderStatus status) {
    long deadline = System.nanoTime() + EXPIRES_WITHIN_MS * 2_000_000;
    while (get(orderId).getStatus() != status) {
      assertTrue(System.nanoTime() < deadline, orderId + " never became " + status);
      sleep(50);
    }
  }

  /** Makes the order look an hour old, so it is due if anything about its status let it be. */
  private static void age(String orderId) throws SQLException {
    try (Connection c = server.jdbc();
         PreparedStatement s = c.prepareStatement("UPDATE orders SET created_at = now() - interval '1 hour' WHERE id = ?")) {
      s.setString(1, orderId);
      assertEquals(1, s.executeUpdate());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
