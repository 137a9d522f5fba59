package dev.orders.grpc;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ORDERS_MAX_INFLIGHT bounds the calls the process works on; ORDERS_DEFAULT_DEADLINE_MS bounds a
 * call that carries no deadline. Calls are held in flight by a row lock the test holds.
 */
class CallLimitsTest {

  private static final long DEFAULT_DEADLINE_MS = 2000;
  /** Longer than anything here: a held call must not end by a deadline before the test releases it. */
  private static final long HELD_MS = 30_000;

  private static TestServer server;
  private static CallLimits limits;

  @BeforeAll
  static void startWithTwoSlots() {
    server = TestServer.start("orders_limits", Map.of("ORDERS_MAX_INFLIGHT", "2",
        "ORDERS_DEFAULT_DEADLINE_MS", Long.toString(DEFAULT_DEADLINE_MS), "ORDERS_PG_STATEMENT_TIMEOUT_MS", "60000"));
    limits = server.server.callLimits();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void thirdConcurrentCall_isResourceExhaustedAtOnce_andCallsSucceedAfterRelease() throws Exception {
    String hot = newProduct(server, 100, 10);
    long refusedBefore = limits.refused();
    List<Future<Reply<Order>>> held = new ArrayList<>();
    try (Connection lock = Fixtures.lockProduct(server, hot)) {
      for (int i = 0; i < 2; i++) {
        held.add(server.call(OrderServiceGrpcClient.CreateOrder, orderFor(hot), HELD_MS));
      }
      Fixtures.eventually("both calls wait on the row lock", () -> Fixtures.waitingOnLock(server) == 2);

      long start = System.nanoTime();
      Reply<?> third = server.callAndWait(ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId(hot).build());
      long ms = (System.nanoTime() - start) / 1_000_000;

      assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, third.status(), third.toString());
      assertTrue(third.message().contains("too many calls in flight"), third.message());
      assertTrue(ms < 500, "refused in " + ms + " ms, not at once");
      assertEquals(refusedBefore + 1, limits.refused());
      lock.rollback();
    }
    for (Future<Reply<Order>> call : held) {
      assertEquals(GrpcStatus.OK, TestServer.await(call).status());
    }
    Fixtures.eventually("no call in flight", () -> limits.inFlight() == 0);
    assertEquals(hot, Fixtures.getProduct(server, hot).getId());
  }

  @Test
  void callWithoutDeadline_waitingOnTheDatabase_endsAtTheDefaultDeadline() throws Exception {
    String hot = newProduct(server, 100, 10);
    try (Connection lock = Fixtures.lockProduct(server, hot)) {
      long start = System.nanoTime();
      Reply<Order> reply = server.callAndWait(OrderServiceGrpcClient.CreateOrder, orderFor(hot));
      long ms = (System.nanoTime() - start) / 1_000_000;

      assertEquals(GrpcStatus.DEADLINE_EXCEEDED, reply.status(), reply.toString());
      assertTrue(ms >= DEFAULT_DEADLINE_MS - 100 && ms < DEFAULT_DEADLINE_MS + 1500, "answered after " + ms + " ms");
      lock.rollback();
    }
    Fixtures.eventually("no call in flight", () -> limits.inFlight() == 0);
  }

  @Test
  void callsCancelledOrExpired_releaseTheirSlots() throws Exception {
    String hot = newProduct(server, 100, 10);
    GrpcClient client = server.as("admin", true);
    SocketAddress address = server.address();
    try (Connection lock = Fixtures.lockProduct(server, hot)) {
      for (int round = 0; round < 4; round++) {
        // one call reset by its caller, one answered DEADLINE_EXCEEDED by the server
        Future<Void> cancelled = cancelledWhileWaiting(client, address, orderFor(hot));
        Future<Reply<Order>> expired = server.call(OrderServiceGrpcClient.CreateOrder, orderFor(hot), 150);
        TestServer.await(cancelled);
        assertEquals(GrpcStatus.DEADLINE_EXCEEDED, TestServer.await(expired).status());
        Fixtures.eventually("round " + round + " released both slots", () -> limits.inFlight() == 0);
      }
      lock.rollback();
    }
    assertEquals(hot, Fixtures.getProduct(server, hot).getId());
    // the server counts a call out when its stream closes, a moment after the caller has the answer
    Fixtures.eventually("no call in flight", () -> limits.inFlight() == 0);
  }

  /** Sends the call, then resets its stream (RST_STREAM CANCEL) while the server still works on it. */
  private static Future<Void> cancelledWhileWaiting(GrpcClient client, SocketAddress address, CreateOrderRequest request) {
    return client.request(address, OrderServiceGrpcClient.CreateOrder).compose(req -> {
      req.end(request);
      return server.vertx.timer(150).compose(t -> {
        req.cancel();
        return Future.<Void>succeededFuture();
      });
    });
  }

  private static CreateOrderRequest orderFor(String productId) {
    return order(unique("usr_"), "req-1").addItems(line(productId, 1)).build();
  }
}
