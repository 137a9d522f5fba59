package dev.orders.server;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.product;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call that waits longer than ORDERS_PG_POOL_WAIT_MS for a pooled connection is RESOURCE_EXHAUSTED
 * (back off), not UNAVAILABLE: the database is up, the service is saturated.
 */
class PoolWaitTest {

  private static TestServer server;

  @BeforeAll
  static void startWithOneConnection() {
    server = TestServer.start("orders_poolwait", Map.of("ORDERS_PG_POOL_SIZE", "1", "ORDERS_PG_POOL_WAIT_MS", "300",
        "ORDERS_PG_STATEMENT_TIMEOUT_MS", "30000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void secondCall_whileTheOnlyConnectionIsHeld_isResourceExhausted_andTheFirstCompletes() throws SQLException {
    String hot = newProduct(server, 100, 10);
    String other = newProduct(server, 100, 10);
    String blockedUser = unique("usr_");
    String rejectedUser = unique("usr_");
    try (Connection lock = Fixtures.lockProduct(server, hot)) {
      // holds the service's only transaction connection, waiting on our row lock
      Future<Reply<Order>> blocked = server.call(OrderServiceGrpcClient.CreateOrder,
          order(blockedUser, "req-1").addItems(line(hot, 1)).build());
      Fixtures.eventually("CreateOrder waits on the row lock", () -> Fixtures.waitingOnLock(server) == 1);

      Reply<Order> create = server.callAndWait(OrderServiceGrpcClient.CreateOrder,
          order(rejectedUser, "req-1").addItems(line(other, 1)).build());
      Reply<?> upsert = server.callAndWait(ProductServiceGrpcClient.UpsertProduct, product(other, 999, 10));

      assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, create.status(), create.toString());
      assertTrue(create.message().contains("waiting for a database connection"), create.message());
      assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, upsert.status(), upsert.toString());
      lock.rollback();
      Reply<Order> first = TestServer.await(blocked);
      assertEquals(GrpcStatus.OK, first.status(), first.toString());
    }
    assertEquals(0, Fixtures.queryInt(server, "SELECT count(*) FROM orders WHERE user_id = ?", rejectedUser));
    assertEquals(100, Fixtures.queryInt(server, "SELECT price_cents FROM products WHERE id = ?", other));
  }
}
