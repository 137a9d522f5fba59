package dev.orders.product;

import static dev.orders.testsupport.Fixtures.adjust;
import static dev.orders.testsupport.Fixtures.getProduct;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.stockOf;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.AdjustStockRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdjustStockTest {

  private final TestServer server = TestServer.shared();

  @Test
  void adjustStock_addsAndTakes_andRaisesVersion() {
    String id = newProduct(server, 100, 10);
    long before = getProduct(server, id).getVersion();

    Product restocked = await(server.products().adjustStock(adjust(id, 5, unique("adj-"))));
    Product taken = await(server.products().adjustStock(adjust(id, -15, unique("adj-"))));

    assertEquals(15, restocked.getStock());
    assertEquals(0, taken.getStock());
    assertEquals(before + 1, restocked.getVersion());
    assertEquals(before + 2, taken.getVersion());
    assertEquals(0, stockOf(server, id));
  }

  @Test
  void adjustStock_belowZero_isFailedPreconditionNamingProductAndStock_andChangesNothing() {
    String id = newProduct(server, 100, 3);
    String key = unique("adj-");
    Reply<Product> reply = server.callAndWait(ProductServiceGrpcClient.AdjustStock, adjust(id, -4, key));

    assertEquals(GrpcStatus.FAILED_PRECONDITION, reply.status(), reply.toString());
    assertTrue(reply.message().contains(id) && reply.message().contains("available 3"), reply.message());
    assertEquals(3, stockOf(server, id));
    assertEquals(2, await(server.products().adjustStock(adjust(id, -1, key))).getStock(),
        "a refused call does not use up its request_id");
  }

  @Test
  void adjustStock_retries_returnTheFirstAnswer_andApplyOnce() {
    String id = newProduct(server, 100, 10);
    AdjustStockRequest request = adjust(id, 7, unique("adj-"));
    List<Future<Product>> racing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      racing.add(server.products().adjustStock(request));
    }
    List<Product> answers = racing.stream().map(TestServer::await).toList();
    await(server.products().adjustStock(adjust(id, 1, unique("adj-"))));

    Product retry = await(server.products().adjustStock(request));

    assertEquals(1, answers.stream().distinct().count(), "every racing retry got the same answer");
    assertEquals(answers.get(0), retry, "a later retry still answers the first state");
    assertEquals(17, retry.getStock());
    assertEquals(18, stockOf(server, id), "applied once");
  }

  @Test
  void adjustStock_sameKeyOtherDelta_isAlreadyExists() {
    String id = newProduct(server, 100, 10);
    String key = unique("adj-");
    await(server.products().adjustStock(adjust(id, 2, key)));

    Reply<Product> reply = server.callAndWait(ProductServiceGrpcClient.AdjustStock, adjust(id, 3, key));

    assertEquals(GrpcStatus.ALREADY_EXISTS, reply.status(), reply.toString());
    assertTrue(reply.message().contains(key), reply.message());
    assertEquals(12, stockOf(server, id));
  }

  @Test
  void adjustStock_badInput_isInvalidArgumentNamingTheField_unknownProductNotFound() {
    String id = newProduct(server, 100, 10);
    assertStatus(adjust(id, 0, unique("adj-")), GrpcStatus.INVALID_ARGUMENT, "delta");
    assertStatus(adjust(id, 1, ""), GrpcStatus.INVALID_ARGUMENT, "request_id");
    assertStatus(adjust("", 1, unique("adj-")), GrpcStatus.INVALID_ARGUMENT, "product_id");
    assertStatus(adjust("prd_ghost", 1, unique("adj-")), GrpcStatus.NOT_FOUND, "prd_ghost");
    assertEquals(10, stockOf(server, id));
  }

  private void assertStatus(AdjustStockRequest request, GrpcStatus status, String named) {
    Reply<Product> reply = server.callAndWait(ProductServiceGrpcClient.AdjustStock, request);
    assertEquals(status, reply.status(), reply.toString());
    assertTrue(reply.message().contains(named), reply.message());
  }
}
