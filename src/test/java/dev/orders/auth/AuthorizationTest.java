package dev.orders.auth;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.api.v1.UpdateOrderStatusRequest;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The token's sub is the user: own orders only, another user's order does not exist, admin RPCs need admin. */
class AuthorizationTest {

  private final TestServer server = TestServer.shared();
  private final String product = Fixtures.newProduct(server, 250, 1_000_000);

  @Test
  void createOrder_withEmptyUserId_isForTheCaller() {
    String user = Fixtures.unique("usr_");
    Reply<Order> created = call(user, OrderServiceGrpcClient.CreateOrder, newOrder("", "r1"));
    assertEquals(GrpcStatus.OK, created.status(), created.toString());
    assertEquals(user, created.body().getUserId());
  }

  @Test
  void createOrder_forAnotherUser_isPermissionDenied_andWritesNothing() {
    String requestId = Fixtures.unique("req-");
    Reply<Order> reply = call(Fixtures.unique("usr_"), OrderServiceGrpcClient.CreateOrder,
        newOrder("usr_victim", requestId));
    assertEquals(GrpcStatus.PERMISSION_DENIED, reply.status(), reply.toString());
    assertTrue(reply.message().startsWith("user_id usr_victim"), reply.message());
    assertEquals(0, Fixtures.queryInt(server, "SELECT count(*) FROM orders WHERE request_id = ?", requestId));
  }

  @Test
  void anotherUsersOrder_isNotFound_wordForWordAsAMissingOne_forGetAndCancel() {
    Order mine = createAs(Fixtures.unique("usr_"));
    String intruder = Fixtures.unique("usr_");

    Reply<Order> get = call(intruder, OrderServiceGrpcClient.GetOrder, GetOrderRequest.newBuilder().setOrderId(mine.getId()).build());
    Reply<Order> cancel = call(intruder, OrderServiceGrpcClient.CancelOrder,
        CancelOrderRequest.newBuilder().setOrderId(mine.getId()).build());
    Reply<Order> missing = call(intruder, OrderServiceGrpcClient.GetOrder, GetOrderRequest.newBuilder().setOrderId("ord_missing").build());

    assertEquals(GrpcStatus.NOT_FOUND, get.status());
    assertEquals(GrpcStatus.NOT_FOUND, cancel.status());
    assertEquals(missing.message().replace("ord_missing", mine.getId()), get.message());
    assertEquals(get.message(), cancel.message());
    assertEquals(OrderStatus.ORDER_STATUS_PENDING,
        TestServer.await(server.orders().getOrder(GetOrderRequest.newBuilder().setOrderId(mine.getId()).build())).getStatus(),
        "the intruder's cancel changed nothing");
  }

  @Test
  void owner_getsAndCancelsOwnOrder() {
    String user = Fixtures.unique("usr_");
    Order mine = createAs(user);
    assertEquals(GrpcStatus.OK, call(user, OrderServiceGrpcClient.GetOrder, GetOrderRequest.newBuilder().setOrderId(mine.getId()).build()).status());
    Reply<Order> cancelled = call(user, OrderServiceGrpcClient.CancelOrder, CancelOrderRequest.newBuilder().setOrderId(mine.getId()).build());
    assertEquals(OrderStatus.ORDER_STATUS_CANCELLED, cancelled.body().getStatus(), cancelled.toString());
  }

  @Test
  void listOrders_ofAnotherUser_isPermissionDenied_andEmptyMeansMe() {
    String user = Fixtures.unique("usr_");
    Order mine = createAs(user);
    var denied = call(user, OrderServiceGrpcClient.ListOrders, ListOrdersRequest.newBuilder().setUserId("usr_victim").build());
    var own = call(user, OrderServiceGrpcClient.ListOrders, ListOrdersRequest.newBuilder().build());
    assertEquals(GrpcStatus.PERMISSION_DENIED, denied.status(), denied.toString());
    assertEquals(List.of(mine.getId()), own.body().getOrdersList().stream().map(Order::getId).toList());
  }

  @Test
  void adminRpcs_needTheAdminRole_productReadsNeedAnyToken() {
    String user = Fixtures.unique("usr_");
    Order mine = createAs(user);
    var status = call(user, OrderServiceGrpcClient.UpdateOrderStatus, UpdateOrderStatusRequest.newBuilder()
        .setOrderId(mine.getId()).setStatus(OrderStatus.ORDER_STATUS_CONFIRMED).build());
    var upsert = call(user, ProductServiceGrpcClient.UpsertProduct, Fixtures.product(product, 1, 1));
    var read = call(user, ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId(product).build());

    assertEquals(GrpcStatus.PERMISSION_DENIED, status.status(), status.toString());
    assertEquals("UpdateOrderStatus needs the admin role", status.message());
    assertEquals(GrpcStatus.PERMISSION_DENIED, upsert.status(), upsert.toString());
    assertEquals(250, read.body().getPriceCents(), "the price is unchanged and readable");
  }

  @Test
  void admin_readsAnyUsersOrders() {
    Order theirs = createAs(Fixtures.unique("usr_"));
    var list = TestServer.await(server.orders().listOrders(ListOrdersRequest.newBuilder().setUserId(theirs.getUserId()).build()));
    assertEquals(List.of(theirs.getId()), list.getOrdersList().stream().map(Order::getId).toList());
  }

  /** The caller travels with each call's own context: many users at once never see each other's orders. */
  @Test
  void manyUsersInParallel_eachSeesOnlyTheirOwnOrders() {
    List<String> users = new ArrayList<>();
    List<Future<List<String>>> seen = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String user = Fixtures.unique("usr_par");
      users.add(user);
      OrderServiceGrpcClient client = OrderServiceGrpcClient.create(server.as(user, false), server.address());
      seen.add(client.createOrder(newOrder("", "a")).compose(a -> client.createOrder(newOrder("", "b")))
          .compose(b -> client.listOrders(ListOrdersRequest.newBuilder().build()))
          .map(page -> page.getOrdersList().stream().map(Order::getUserId).toList()));
    }
    for (int i = 0; i < users.size(); i++) {
      List<String> owners = TestServer.await(seen.get(i));
      assertEquals(2, owners.size(), users.get(i) + " sees its two orders");
      assertEquals(Set.of(users.get(i)), owners.stream().collect(Collectors.toSet()));
    }
  }

  private Order createAs(String user) {
    return call(user, OrderServiceGrpcClient.CreateOrder, newOrder(user, Fixtures.unique("req-"))).body();
  }

  private CreateOrderRequest newOrder(String userId, String requestId) {
    return order(userId, requestId).addItems(line(product, 1)).build();
  }

  private <Req, Resp> Reply<Resp> call(String user, ServiceMethod<Resp, Req> method, Req request) {
    GrpcClient client = server.as(user, false);
    return TestServer.await(TestServer.call(client, server.address(), method, request));
  }
}
