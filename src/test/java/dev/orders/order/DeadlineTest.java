package dev.orders.order;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.queryInt;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private final TestServer server = TestServer.shared();

  /**
   * A caller's deadline is honoured: the answer is DEADLINE_EXCEEDED when it passes. Work already
   * under way may still commit, and the idempotency key makes that safe: the retry gets the order.
   */
  @Test
  void createOrder_pastItsDeadline_isDeadlineExceeded_andTheRetryReturnsTheOneOrder() throws Exception {
    String product = newProduct(server, 100, 10);
    String user = unique("usr_");
    CreateOrderRequest request = order(user, unique("req-")).addItems(line(product, 1)).build();
    Reply<Order> late;
    try (Connection locker = server.jdbc()) {
      locker.setAutoCommit(false);
      try (PreparedStatement lock = locker.prepareStatement("SELECT 1 FROM products WHERE id = ? FOR UPDATE")) {
        lock.setString(1, product);
        lock.executeQuery();
      }
      late = await(server.call(OrderServiceGrpcClient.CreateOrder, request, 300));
      locker.commit();
    }
    assertEquals(io.vertx.grpc.common.GrpcStatus.DEADLINE_EXCEEDED, late.status(), late.toString());

    Order retried = await(server.orders().createOrder(request));
    assertEquals(1, queryInt(server, "SELECT count(*) FROM orders WHERE user_id = ?", user), "one order, not two");
    assertEquals(9, queryInt(server, "SELECT stock FROM products WHERE id = ?", product));
    assertEquals(user, retried.getUserId());
  }
}
