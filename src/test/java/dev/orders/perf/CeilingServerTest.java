package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ceiling server answers the product reads over a real socket with constant, seeded-size products. */
class CeilingServerTest {

  private static Vertx vertx;
  private static ProductServiceGrpcClient products;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    int port = TestServer.freePort();
    CeilingServer.deploy(vertx, port, 2).await();
    products = ProductServiceGrpcClient.create(GrpcClient.client(vertx), SocketAddress.inetSocketAddress(port, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void getProduct_answersOneConstantProduct_shapedLikeASeededOne_whateverTheId() {
    Product p = products.getProduct(GetProductRequest.newBuilder().setId("anything").build()).await();
    assertEquals("prd_04242", p.getId());
    assertEquals("Seeded product 4242", p.getDescription());
    assertEquals(1_000_000_000, p.getStock());
    assertEquals(p, products.getProduct(GetProductRequest.newBuilder().setId("prd_00001").build()).await());
  }

  @Test
  void batchGetProducts_answersTheBatchSizeOfDistinctProducts() {
    BatchGetProductsResponse r = products.batchGetProducts(BatchGetProductsRequest.newBuilder().addIds("x").build()).await();
    assertEquals(CeilingServer.BATCH_SIZE, r.getProductsCount());
    assertEquals(CeilingServer.BATCH_SIZE, r.getProductsList().stream().map(Product::getId).distinct().count());
  }

  @Test
  void writes_areAnsweredUnimplemented() {
    InvalidStatusException e = assertThrows(InvalidStatusException.class,
        () -> products.upsertProduct(UpsertProductRequest.getDefaultInstance()).await());
    assertEquals(GrpcStatus.UNIMPLEMENTED, e.actualStatus());
  }
}
