package dev.orders.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.grpc.GrpcVerticle;
import dev.orders.testsupport.TestServer;
import io.vertx.core.net.SocketAddress;
import dev.orders.perf.BearerClient;
import io.vertx.grpc.client.GrpcClient;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class InstancesTest {

  private final TestServer server = TestServer.shared();

  /** ORDERS_INSTANCES verticles share one port; separate connections land on all of them. */
  @Test
  void separateConnections_areServedByEveryInstance_andSayWhichOne() {
    SocketAddress address = SocketAddress.inetSocketAddress(server.config.grpcPort(), "127.0.0.1");
    Set<String> seen = new TreeSet<>();
    String token = server.token(TestServer.ADMIN, false);
    for (int i = 0; i < 8; i++) {
      GrpcClient client = GrpcClient.client(server.vertx); // a client of its own: a connection of its own
      try {
        seen.add(TestServer.await(new BearerClient(client, token).request(address, ProductServiceGrpcClient.GetProduct).compose(req -> {
          req.end(GetProductRequest.newBuilder().setId("prd_any").build());
          return req.response().map(resp -> resp.headers().get(GrpcVerticle.INSTANCE_HEADER));
        })));
      } finally {
        TestServer.await(client.close());
      }
    }
    assertEquals(Set.of("1/2", "2/2"), seen);
  }
}
