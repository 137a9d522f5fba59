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
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ORDERS_MAX_PENDING_PER_USER=5 on a server of its own. */
class PendingLimitTest {

  private static final int LIMIT = 5;
  private static TestServer server;

  @BeforeAll
  static void start() {
    // a small pool: PostgreSQL's connections are shared with the suite's other servers
    server = TestServer.start("orders_limit", Map.of("ORDERS_MAX_PENDING_PER_USER", Integer.toString(LIMIT),
        "ORDERS_PG_POOL_SIZE", "4"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createOrder_twentyRacingForOneUser_exactlyTheLimitSucceed_theRestNameIt() {
    String product = newProduct(server, 100, 1000);
    String user = unique("usr_");
    List<Future<Reply<Order>>> racing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      racing.add(server.call(OrderServiceGrpcClient.CreateOrder, create(user, unique("req-"), product)));
    }
    List<Reply<Order>> replies = racing.stream().map(TestServer::await).toList();

    assertEquals(LIMIT, replies.stream().filter(Reply::ok).count(), replies.toString());
    assertTrue(replies.stream().filter(r -> !r.ok()).allMatch(r -> r.status() == GrpcStatus.RESOURCE_EXHAUSTED
        && r.message().contains("ORDERS_MAX_PENDING_PER_USER") && r.message().contains(Integer.toString(LIMIT))),
        replies.toString());
    assertEquals(LIMIT, queryInt(server, "SELECT count(*) FROM orders WHERE user_id = ?", user));
    assertEquals(1000 - LIMIT, stockOf(server, product), "refused orders reserve nothing");
  }

  @Test
  void createOrder_atTheLimit_retryStillAnswers_andCancellingMakesRoom() {
    String product = newProduct(server, 100, 1000);
    String user = unique("usr_");
    List<CreateOrderRequest> made = new ArrayList<>();
    for (int i = 0; i < LIMIT; i++) {
      made.add(create(user, unique("req-"), product));
      await(server.orders().createOrder(made.get(i)));
    }
    CreateOrderRequest oneMore = create(user, unique("req-"), product);
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, server.callAndWait(OrderServiceGrpcClient.CreateOrder, oneMore).status());

    Order first = await(server.orders().createOrder(made.get(0)));
    await(server.orders().cancelOrder(CancelOrderRequest.newBuilder().setOrderId(first.getId()).build()));

    assertEquals(GrpcStatus.OK, server.callAndWait(OrderServiceGrpcClient.CreateOrder, oneMore).status());
  }

  private static CreateOrderRequest create(String user, String requestId, String product) {
    return order(user, requestId).addItems(line(product, 1)).build();
  }
}
