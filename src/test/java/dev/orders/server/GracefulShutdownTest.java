package dev.orders.server;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.queryInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

  /**
   * Holds a product row lock so a CreateOrder call is provably in flight, stops the server,
   * and checks that the stop waits for the call, which then completes normally.
   */
  @Test
  void stop_letsInFlightCallFinish_thenCloses() throws Exception {
    TestServer server = TestServer.start("orders_drain", Map.of("ORDERS_SHUTDOWN_GRACE_MS", "20000"));
    try (Connection locker = server.jdbc()) {
      String product = newProduct(server, 100, 10);
      locker.setAutoCommit(false);
      try (PreparedStatement lock = locker.prepareStatement("SELECT 1 FROM products WHERE id = ? FOR UPDATE")) {
        lock.setString(1, product);
        lock.executeQuery();
      }
      Future<Reply<Order>> inFlight = server.call(OrderServiceGrpcClient.CreateOrder,
          order("usr_drain", "req-1").addItems(line(product, 1)).build());
      awaitLockWaiter(server);

      Future<Void> stopped = server.server.stop();
      Thread.sleep(300);
      assertFalse(stopped.isComplete(), "stop waits for the in-flight call");
      locker.commit();

      Reply<Order> reply = TestServer.await(inFlight);
      TestServer.await(stopped);
      assertEquals(GrpcStatus.OK, reply.status(), reply.toString());
      assertEquals(9, queryInt(server, "SELECT stock FROM products WHERE id = ?", product));
    } finally {
      server.close();
    }
  }

  private static void awaitLockWaiter(TestServer server) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (queryInt(server, "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'",
          server.database) > 0) {
        return;
      }
      Thread.sleep(50);
    }
    assertTrue(false, "the CreateOrder call never reached the row lock");
  }
}
