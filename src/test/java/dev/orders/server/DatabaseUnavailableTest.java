package dev.orders.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.config.Config;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DatabaseUnavailableTest {

  @Test
  void calls_whenPostgresIsUnreachable_areUnavailable(Vertx vertx) {
    int closedPort = TestServer.freePort(); // nothing listens there
    Config config = Config.fromEnv(Map.of())
        .withPgUrl("postgresql://postgres@127.0.0.1:" + closedPort + "/orders")
        .withGrpcPort(TestServer.freePort())
        .withInstances(1);
    OrdersServer server = TestServer.await(OrdersServer.start(vertx, config));
    try {
      GrpcClient client = GrpcClient.client(vertx);
      SocketAddress address = SocketAddress.inetSocketAddress(config.grpcPort(), "127.0.0.1");
      Reply<?> order = TestServer.await(TestServer.call(client, address, OrderServiceGrpcClient.GetOrder,
          GetOrderRequest.newBuilder().setOrderId("ord_1").build()));
      Reply<?> product = TestServer.await(TestServer.call(client, address, ProductServiceGrpcClient.GetProduct,
          GetProductRequest.newBuilder().setId("prd_1").build()));

      assertEquals(GrpcStatus.UNAVAILABLE, order.status(), order.toString());
      assertEquals(GrpcStatus.UNAVAILABLE, product.status(), product.toString());
      assertTrue(order.message().contains("database"), order.message());
    } finally {
      TestServer.await(server.stop());
    }
  }
}
