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

import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CreateOrderTest {

  private final TestServer server = TestServer.shared();

  @Test
  void createOrder_pricesFromCatalog_reservesStock_andGetOrderReturnsIt() {
    String espresso = newProduct(server, 2490, 10);
    String mug = newProduct(server, 1490, 5);
    Order created = await(server.orders().createOrder(order("usr_1", unique("req-"))
        .addItems(line(espresso, 2)).addItems(line(mug, 1)).build()));

    assertTrue(created.getId().matches("ord_[0-9A-Z]{26}"), created.getId());
    assertEquals(OrderStatus.ORDER_STATUS_PENDING, created.getStatus());
    assertEquals(2 * 2490 + 1490, created.getTotalCents());
    assertEquals("EUR", created.getCurrency());
    assertEquals(2490, created.getItems(0).getUnitPriceCents());
    assertEquals(8, stockOf(server, espresso));
    assertEquals(4, stockOf(server, mug));
    assertEquals(created, await(server.orders().getOrder(GetOrderRequest.newBuilder().setOrderId(created.getId()).build())));
  }

  @Test
  void createOrder_retrySameRequestId_returnsOriginalWithoutSecondWrite() {
    String product = newProduct(server, 500, 10);
    var request = order(unique("usr_"), unique("req-")).addItems(line(product, 3)).build();

    Order first = await(server.orders().createOrder(request));
    Order retry = await(server.orders().createOrder(request));

    assertEquals(first, retry);
    assertEquals(7, stockOf(server, product), "stock is reserved once");
  }

  @Test
  void createOrder_retryWithLinesInAnotherOrder_isTheSameRequest() {
    String a = newProduct(server, 100, 10);
    String b = newProduct(server, 200, 10);
    String user = unique("usr_");
    String key = unique("req-");
    Order first = await(server.orders().createOrder(order(user, key).addItems(line(a, 1)).addItems(line(b, 2)).build()));
    Order retry = await(server.orders().createOrder(order(user, key).addItems(line(b, 2)).addItems(line(a, 1)).build()));
    assertEquals(first.getId(), retry.getId());
  }

  @Test
  void createOrder_fiftyRacingRetries_createOneOrder() {
    String product = newProduct(server, 500, 1000);
    String user = unique("usr_");
    var request = order(user, unique("req-")).addItems(line(product, 2)).build();
    OrderServiceGrpcClient client = server.orders();

    List<Future<Order>> racing = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      racing.add(client.createOrder(request));
    }
    Set<String> ids = racing.stream().map(f -> await(f).getId()).collect(Collectors.toSet());

    assertEquals(1, ids.size(), "every retry got the same order");
    assertEquals(1, queryInt(server, "SELECT count(*) FROM orders WHERE user_id = ?", user));
    assertEquals(998, stockOf(server, product));
  }

  @Test
  void createOrder_sameKeyDifferentItems_isAlreadyExists_andWritesNothing() {
    String product = newProduct(server, 500, 10);
    String user = unique("usr_");
    String key = unique("req-");
    await(server.orders().createOrder(order(user, key).addItems(line(product, 1)).build()));

    Reply<Order> reused = server.callAndWait(OrderServiceGrpcClient.CreateOrder,
        order(user, key).addItems(line(product, 2)).build());

    assertEquals(GrpcStatus.ALREADY_EXISTS, reused.status(), reused.toString());
    assertTrue(reused.message().contains(key), reused.message());
    assertEquals(9, stockOf(server, product));
  }

  @Test
  void createOrder_sameRequestIdForAnotherUser_isAnotherOrder() {
    String product = newProduct(server, 500, 10);
    String key = unique("req-");
    Order a = await(server.orders().createOrder(order(unique("usr_"), key).addItems(line(product, 1)).build()));
    Order b = await(server.orders().createOrder(order(unique("usr_"), key).addItems(line(product, 1)).build()));
    assertTrue(!a.getId().equals(b.getId()));
  }

  @Test
  void createOrder_fiveHundredConcurrentOnStockOfHundred_exactlyHundredSucceed() {
    String product = newProduct(server, 100, 100);
    OrderServiceGrpcClient client = server.orders();
    List<Future<Reply<Order>>> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      calls.add(server.call(OrderServiceGrpcClient.CreateOrder,
          order(unique("usr_"), unique("req-")).addItems(line(product, 1)).build()));
    }
    List<Reply<Order>> replies = calls.stream().map(TestServer::await).toList();

    long succeeded = replies.stream().filter(Reply::ok).count();
    assertEquals(100, succeeded);
    assertTrue(replies.stream().filter(r -> !r.ok())
            .allMatch(r -> r.status() == GrpcStatus.FAILED_PRECONDITION && r.message().contains(product)),
        () -> replies.stream().filter(r -> !r.ok() && r.status() != GrpcStatus.FAILED_PRECONDITION).findFirst()
            .map(Reply::toString).orElse("all refused calls name the product"));
    assertEquals(0, stockOf(server, product));
    assertEquals(100, queryInt(server, "SELECT count(*) FROM order_items WHERE product_id = ?", product));
  }

  /**
   * The order is priced on products read without a lock; the write locks them and writes only if
   * they still agree. A price changed in between makes the order priced again, at the new price.
   */
  @Test
  void createOrder_priceChangedWhileWaitingForTheProductLock_chargesTheNewPrice() throws SQLException {
    String product = newProduct(server, 1000, 10);
    Future<Order> created;
    try (Connection lock = Fixtures.lockProduct(server, product)) {
      created = server.orders().createOrder(order(unique("usr_"), unique("req-")).addItems(line(product, 2)).build());
      Fixtures.eventually("CreateOrder waits on the row lock", () -> Fixtures.waitingOnLock(server) == 1);
      execute(lock, "UPDATE products SET price_cents = 1500, version = version + 1 WHERE id = ?", product);
      lock.commit();
    }
    Order order = await(created);

    assertEquals(1500, order.getItems(0).getUnitPriceCents());
    assertEquals(3000, order.getTotalCents());
    assertEquals(8, stockOf(server, product));
  }

  @Test
  void createOrder_stockTakenWhileWaitingForTheProductLock_namesProductWithWhatIsLeft_andWritesNothing()
      throws SQLException {
    String product = newProduct(server, 1000, 3);
    String user = unique("usr_");
    Future<Reply<Order>> reply;
    try (Connection lock = Fixtures.lockProduct(server, product)) {
      reply = server.call(OrderServiceGrpcClient.CreateOrder, order(user, unique("req-")).addItems(line(product, 2))
          .build());
      Fixtures.eventually("CreateOrder waits on the row lock", () -> Fixtures.waitingOnLock(server) == 1);
      execute(lock, "UPDATE products SET stock = 1, version = version + 1 WHERE id = ?", product);
      lock.commit();
    }
    Reply<Order> refused = await(reply);

    assertEquals(GrpcStatus.FAILED_PRECONDITION, refused.status(), refused.toString());
    assertTrue(refused.message().contains(product) && refused.message().contains("available 1"), refused.message());
    assertEquals(1, stockOf(server, product));
    assertEquals(0, queryInt(server, "SELECT count(*) FROM orders WHERE user_id = ?", user));
  }

  private static void execute(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      ps.executeUpdate();
    }
  }

  @Test
  void createOrder_insufficientStockOnOneLine_namesProduct_andWritesNothing() {
    String plenty = newProduct(server, 100, 50);
    String scarce = newProduct(server, 100, 1);
    String user = unique("usr_");

    Reply<Order> reply = server.callAndWait(OrderServiceGrpcClient.CreateOrder,
        order(user, unique("req-")).addItems(line(plenty, 5)).addItems(line(scarce, 2)).build());

    assertEquals(GrpcStatus.FAILED_PRECONDITION, reply.status(), reply.toString());
    assertTrue(reply.message().contains(scarce) && reply.message().contains("available 1"), reply.message());
    assertEquals(50, stockOf(server, plenty), "no partial reservation");
    assertEquals(0, queryInt(server, "SELECT count(*) FROM orders WHERE user_id = ?", user));
  }

  @Test
  void createOrder_unknownProduct_isNotFoundNamingIt_andWritesNothing() {
    String known = newProduct(server, 100, 50);
    String user = unique("usr_");
    Reply<Order> reply = server.callAndWait(OrderServiceGrpcClient.CreateOrder,
        order(user, unique("req-")).addItems(line(known, 1)).addItems(line("prd_nope", 1)).build());

    assertEquals(GrpcStatus.NOT_FOUND, reply.status(), reply.toString());
    assertTrue(reply.message().contains("prd_nope"), reply.message());
    assertEquals(50, stockOf(server, known));
    assertEquals(0, queryInt(server, "SELECT count(*) FROM orders WHERE user_id = ?", user));
  }

  @Test
  void createOrder_failedAttemptThenRetryAfterRestock_succeeds() {
    String product = newProduct(server, 100, 0);
    var request = order(unique("usr_"), unique("req-")).addItems(line(product, 1)).build();
    assertEquals(GrpcStatus.FAILED_PRECONDITION, server.callAndWait(OrderServiceGrpcClient.CreateOrder, request).status());

    await(server.products().upsertProduct(dev.orders.testsupport.Fixtures.product(product, 100, 3)));
    Order created = await(server.orders().createOrder(request));
    assertEquals(1, created.getItemsCount());
    assertEquals(2, stockOf(server, product));
  }
}
