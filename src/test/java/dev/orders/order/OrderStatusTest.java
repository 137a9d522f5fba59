package dev.orders.order;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.queryInt;
import static dev.orders.testsupport.Fixtures.stockOf;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.api.v1.UpdateOrderStatusRequest;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrderStatusTest {

  private static final List<OrderStatus> LIFE = List.of(OrderStatus.ORDER_STATUS_PENDING,
      OrderStatus.ORDER_STATUS_CONFIRMED, OrderStatus.ORDER_STATUS_SHIPPED, OrderStatus.ORDER_STATUS_DELIVERED);
  private static final Map<OrderStatus, OrderStatus> ALLOWED = Map.of(
      OrderStatus.ORDER_STATUS_PENDING, OrderStatus.ORDER_STATUS_CONFIRMED,
      OrderStatus.ORDER_STATUS_CONFIRMED, OrderStatus.ORDER_STATUS_SHIPPED,
      OrderStatus.ORDER_STATUS_SHIPPED, OrderStatus.ORDER_STATUS_DELIVERED);

  private final TestServer server = TestServer.shared();
  private final String product = newProduct(server, 100, 10_000);

  /**
   * Every (from, to) pair: the next step of the life succeeds, and so does a move to the status the
   * order already has (a retry: the order as it is, nothing written); the rest name both states.
   */
  @ParameterizedTest
  @EnumSource(value = OrderStatus.class, names = {"ORDER_STATUS_PENDING", "ORDER_STATUS_CONFIRMED",
      "ORDER_STATUS_SHIPPED", "ORDER_STATUS_DELIVERED", "ORDER_STATUS_CANCELLED"})
  void updateOrderStatus_followsTransitionTable(OrderStatus from) {
    for (OrderStatus to : EnumSet.range(OrderStatus.ORDER_STATUS_PENDING, OrderStatus.ORDER_STATUS_CANCELLED)) {
      Order order = orderIn(from);
      Reply<Order> reply = update(order.getId(), to);
      if (ALLOWED.get(from) == to) {
        assertEquals(GrpcStatus.OK, reply.status(), from + " -> " + to + ": " + reply);
        assertEquals(to, reply.body().getStatus());
        assertEquals(order.getItemsList(), reply.body().getItemsList());
      } else if (from == to) {
        assertEquals(GrpcStatus.OK, reply.status(), from + " -> " + to + ": " + reply);
        assertEquals(order, reply.body(), "a retry answers the order as it is, nothing written");
      } else {
        assertEquals(GrpcStatus.FAILED_PRECONDITION, reply.status(), from + " -> " + to + ": " + reply);
        assertTrue(reply.message().contains(name(from)) && reply.message().contains(name(to)), reply.message());
      }
    }
  }

  @Test
  void updateOrderStatus_racingUpdatesToSameStatus_allSucceed_oneWrites() {
    Order order = orderIn(OrderStatus.ORDER_STATUS_PENDING);
    List<Future<Reply<Order>>> racing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      racing.add(server.call(OrderServiceGrpcClient.UpdateOrderStatus, request(order.getId(), OrderStatus.ORDER_STATUS_CONFIRMED)));
    }
    List<Order> answers = racing.stream().map(TestServer::await).map(reply -> {
      assertEquals(GrpcStatus.OK, reply.status(), reply.toString());
      return reply.body();
    }).toList();
    assertEquals(1, answers.stream().distinct().count(), "every caller sees the one write");
    assertEquals(1, queryInt(server, "SELECT count(*) FROM order_events WHERE order_id = ? AND type = 'STATUS_CHANGED'",
        order.getId()));
  }

  @Test
  void updateOrderStatus_unspecified_isInvalidArgument() {
    Reply<Order> reply = update(orderIn(OrderStatus.ORDER_STATUS_PENDING).getId(), OrderStatus.ORDER_STATUS_UNSPECIFIED);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status());
    assertTrue(reply.message().contains("status"), reply.message());
  }

  @Test
  void updateOrderStatus_unknownOrder_isNotFound() {
    Reply<Order> reply = update("ord_missing", OrderStatus.ORDER_STATUS_CONFIRMED);
    assertEquals(GrpcStatus.NOT_FOUND, reply.status());
    assertTrue(reply.message().contains("ord_missing"), reply.message());
  }

  @Test
  void cancelOrder_fromPendingOrConfirmed_returnsStockInSameCall() {
    for (OrderStatus from : List.of(OrderStatus.ORDER_STATUS_PENDING, OrderStatus.ORDER_STATUS_CONFIRMED)) {
      String item = newProduct(server, 100, 10);
      Order order = await(server.orders().createOrder(order(unique("usr_"), unique("req-")).addItems(line(item, 4)).build()));
      if (from == OrderStatus.ORDER_STATUS_CONFIRMED) {
        await(server.orders().updateOrderStatus(request(order.getId(), from)));
      }
      assertEquals(6, stockOf(server, item));

      Order cancelled = await(server.orders().cancelOrder(cancel(order.getId())));

      assertEquals(OrderStatus.ORDER_STATUS_CANCELLED, cancelled.getStatus());
      assertEquals(order.getItemsList(), cancelled.getItemsList());
      assertEquals(10, stockOf(server, item), "stock returned on cancel from " + from);
    }
  }

  @Test
  void cancelOrder_afterShipping_isFailedPrecondition_andStockUntouched() {
    String item = newProduct(server, 100, 10);
    Order shipped = orderIn(OrderStatus.ORDER_STATUS_SHIPPED, item);
    Reply<Order> reply = server.callAndWait(OrderServiceGrpcClient.CancelOrder, cancel(shipped.getId()));
    assertEquals(GrpcStatus.FAILED_PRECONDITION, reply.status());
    assertTrue(reply.message().contains("SHIPPED"), reply.message());
    assertEquals(9, stockOf(server, item));
  }

  @Test
  void cancelOrder_retried_answersOk_returnsStockOnce() {
    String item = newProduct(server, 100, 10);
    Order cancelled = orderIn(OrderStatus.ORDER_STATUS_CANCELLED, item);
    assertEquals(10, stockOf(server, item));

    Reply<Order> retry = server.callAndWait(OrderServiceGrpcClient.CancelOrder, cancel(cancelled.getId()));

    assertEquals(GrpcStatus.OK, retry.status(), retry.toString());
    assertEquals(OrderStatus.ORDER_STATUS_CANCELLED, retry.body().getStatus());
    assertEquals(10, stockOf(server, item), "a second cancel returns nothing twice");
  }

  @Test
  void cancelOrder_unknownOrder_isNotFound() {
    assertEquals(GrpcStatus.NOT_FOUND, server.callAndWait(OrderServiceGrpcClient.CancelOrder, cancel("ord_missing")).status());
  }

  private Order orderIn(OrderStatus status) {
    return orderIn(status, product);
  }

  private Order orderIn(OrderStatus status, String item) {
    Order order = await(server.orders().createOrder(order(unique("usr_"), unique("req-")).addItems(line(item, 1)).build()));
    if (status == OrderStatus.ORDER_STATUS_CANCELLED) {
      return await(server.orders().cancelOrder(cancel(order.getId())));
    }
    for (OrderStatus step : LIFE.subList(1, LIFE.indexOf(status) + 1)) {
      order = await(server.orders().updateOrderStatus(request(order.getId(), step)));
    }
    return order;
  }

  private Reply<Order> update(String orderId, OrderStatus to) {
    return server.callAndWait(OrderServiceGrpcClient.UpdateOrderStatus, request(orderId, to));
  }

  private static UpdateOrderStatusRequest request(String orderId, OrderStatus to) {
    return UpdateOrderStatusRequest.newBuilder().setOrderId(orderId).setStatus(to).build();
  }

  private static CancelOrderRequest cancel(String orderId) {
    return CancelOrderRequest.newBuilder().setOrderId(orderId).setReason("changed my mind").build();
  }

  private static String name(OrderStatus s) {
    return s.name().replace("ORDER_STATUS_", "");
  }
}
