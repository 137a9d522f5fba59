package dev.orders.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.config.Config;
import dev.orders.db.Migrations;
import dev.orders.db.Postgres;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TcpProxy;
import dev.orders.testsupport.TestPostgres;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import dev.orders.perf.BearerClient;
import dev.orders.perf.Tokens;
import io.vertx.grpc.client.GrpcClient;
import java.time.Duration;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DatabaseUnavailableTest {

  @Test
  void start_whenPostgresIsUnreachable_failsNamingIt_andListensOnNothing(Vertx vertx) {
    int closedPort = TestServer.freePort(); // nothing listens there
    Config config = Config.fromEnv(TestServer.authEnv())
        .withPgUrl("postgresql://postgres@127.0.0.1:" + closedPort + "/orders")
        .withGrpcPort(TestServer.freePort())
        .withInstances(1);

    IllegalStateException failed = assertThrows(IllegalStateException.class,
        () -> TestServer.await(OrdersServer.start(vertx, config)));

    assertTrue(failed.getMessage().contains("PostgreSQL"), failed.getMessage());
    assertThrows(IOException.class, () -> new Socket("127.0.0.1", config.grpcPort()).close(), "no port opened");
  }

  @Test
  void calls_whenPostgresBecomesUnreachable_areUnavailable(Vertx vertx) {
    String database = TestPostgres.createDatabase("orders_pgdown");
    TcpProxy proxy = TcpProxy.start(vertx, TestPostgres.SERVER.host(), TestPostgres.SERVER.port());
    String viaProxy = TestPostgres.SERVER.url(database)
        .replace(":" + TestPostgres.SERVER.port() + "/", ":" + proxy.port() + "/");
    Config config = Config.fromEnv(TestServer.authEnv())
        .withPgUrl(viaProxy)
        .withGrpcPort(TestServer.freePort())
        .withInstances(1);
    Migrations.migrate(Postgres.connectOptions(config));
    OrdersServer server = TestServer.await(OrdersServer.start(vertx, config));
    try {
      TestServer.await(proxy.close());
      GrpcClient client = new BearerClient(GrpcClient.client(vertx),
          new Tokens(vertx, TestServer.SECRET).mint(TestServer.ADMIN, true, Duration.ofMinutes(5)));
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
      TestPostgres.dropDatabase(database);
    }
  }
}
