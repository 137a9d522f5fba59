package dev.orders.order;

import static dev.orders.testsupport.Fixtures.history;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.GetOrderHistoryRequest;
import dev.orders.api.v1.GetOrderHistoryResponse;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderEvent;
import dev.orders.api.v1.OrderEventType;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.api.v1.UpdateOrderStatusRequest;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderHistoryTest {

  private final TestServer server = TestServer.shared();
  private final String product = newProduct(server, 100, 1000);

  @Test
  void history_recordsCreationStatusChangesAndCancellation_oldestFirst() {
    Order order = create();
    confirm(order);
    cancel(order);

    List<OrderEvent> events = history(server, order.getId());

    assertEquals(List.of(OrderEventType.ORDER_EVENT_TYPE_CREATED, OrderEventType.ORDER_EVENT_TYPE_STATUS_CHANGED,
        OrderEventType.ORDER_EVENT_TYPE_CANCELLED), events.stream().map(OrderEvent::getType).toList());
    assertEquals(List.of(OrderStatus.ORDER_STATUS_PENDING, OrderStatus.ORDER_STATUS_CONFIRMED,
        OrderStatus.ORDER_STATUS_CANCELLED), events.stream().map(OrderEvent::getStatus).toList());
    assertEquals(List.of("", "", "caller"), events.stream().map(OrderEvent::getReason).toList());
    assertTrue(events.stream().allMatch(e -> e.getOrderId().equals(order.getId())
        && e.getActor().equals(TestServer.ADMIN)), "the token's subject is the actor: " + events);
    for (int i = 1; i < events.size(); i++) {
      assertTrue(events.get(i).getSequence() > events.get(i - 1).getSequence());
      assertTrue(events.get(i).getTime().getSeconds() >= events.get(i - 1).getTime().getSeconds());
    }
    assertEquals(order.getCreatedAt(), events.get(0).getTime());
  }

  @Test
  void retriedUpdateAndCancel_answerOk_andTheHistoryShowsOneEventEach() {
    Order order = create();
    Order confirmed = confirm(order);
    assertEquals(confirmed, confirm(order), "the retry answers the order as the first call left it");
    Order cancelled = cancel(order);
    assertEquals(cancelled, cancel(order));

    assertEquals(3, history(server, order.getId()).size());
  }

  @Test
  void history_isTheOwnersAndAdminsOnly_andNamesTheOwnerAsActor() {
    String owner = unique("usr_");
    Order order = await(server.ordersAs(owner).createOrder(order(owner, unique("req-")).addItems(line(product, 1))
        .build()));
    GetOrderHistoryRequest request = GetOrderHistoryRequest.newBuilder().setOrderId(order.getId()).build();

    GetOrderHistoryResponse own = await(server.ordersAs(owner).getOrderHistory(request));
    Reply<GetOrderHistoryResponse> other = TestServer.await(TestServer.call(server.as(unique("usr_"), false),
        server.address(), OrderServiceGrpcClient.GetOrderHistory, request));

    assertEquals(owner, own.getEvents(0).getActor());
    assertEquals(GrpcStatus.NOT_FOUND, other.status(), "another user's order does not exist for them");
  }

  @Test
  void history_unknownOrder_isNotFound_badIdInvalid() {
    Reply<GetOrderHistoryResponse> missing = server.callAndWait(OrderServiceGrpcClient.GetOrderHistory,
        GetOrderHistoryRequest.newBuilder().setOrderId("ord_missing").build());
    assertEquals(GrpcStatus.NOT_FOUND, missing.status());
    assertTrue(missing.message().contains("ord_missing"), missing.message());
    Reply<GetOrderHistoryResponse> bad = server.callAndWait(OrderServiceGrpcClient.GetOrderHistory,
        GetOrderHistoryRequest.getDefaultInstance());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, bad.status());
    assertTrue(bad.message().contains("order_id"), bad.message());
  }

  private Order create() {
    return await(server.orders().createOrder(order(unique("usr_"), unique("req-")).addItems(line(product, 1)).build()));
  }

  private Order confirm(Order order) {
    return await(server.orders().updateOrderStatus(UpdateOrderStatusRequest.newBuilder().setOrderId(order.getId())
        .setStatus(OrderStatus.ORDER_STATUS_CONFIRMED).build()));
  }

  private Order cancel(Order order) {
    return await(server.orders().cancelOrder(CancelOrderRequest.newBuilder().setOrderId(order.getId())
        .setReason("changed my mind").build()));
  }
}
