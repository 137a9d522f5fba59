package dev.orders.product;

import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.product;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductServiceTest {

  private final TestServer server = TestServer.shared();

  @Test
  void upsertProduct_createsThenUpdates_andGetProductReadsIt() {
    String id = unique("prd_");
    Product created = await(server.products().upsertProduct(product(id, 1000, 5)));
    assertEquals(1000, created.getPriceCents());
    assertTrue(created.getUpdatedAt().getSeconds() > 0);

    Product updated = await(server.products().upsertProduct(product(id, 1200, 9)));
    assertEquals(1200, updated.getPriceCents());
    assertEquals(9, updated.getStock());
    assertEquals(updated, await(server.products().getProduct(GetProductRequest.newBuilder().setId(id).build())));
  }

  @Test
  void getProduct_unknown_isNotFoundNamingIt() {
    Reply<Product> reply = server.callAndWait(ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId("prd_ghost").build());
    assertEquals(GrpcStatus.NOT_FOUND, reply.status());
    assertTrue(reply.message().contains("prd_ghost"), reply.message());
  }

  @Test
  void batchGetProducts_keepsRequestOrder_dedupes_andListsMissing() {
    String a = newProduct(server, 100, 1);
    String b = newProduct(server, 200, 1);
    String c = newProduct(server, 300, 1);
    BatchGetProductsResponse resp = await(server.products().batchGetProducts(BatchGetProductsRequest.newBuilder()
        .addAllIds(List.of(c, "prd_unknown1", a, c, b, "prd_unknown2", a)).build()));

    assertEquals(List.of(c, a, b), resp.getProductsList().stream().map(Product::getId).toList());
    assertEquals(List.of("prd_unknown1", "prd_unknown2"), resp.getMissingIdsList());
  }

  @Test
  void batchGetProducts_thousandIds_isAllowed_thousandAndOneIsInvalid() {
    List<String> thousand = Collections.nCopies(1000, "prd_x");
    BatchGetProductsResponse ok = await(server.products().batchGetProducts(BatchGetProductsRequest.newBuilder().addAllIds(thousand).build()));
    assertEquals(List.of("prd_x"), ok.getMissingIdsList());

    Reply<BatchGetProductsResponse> tooMany = server.callAndWait(ProductServiceGrpcClient.BatchGetProducts,
        BatchGetProductsRequest.newBuilder().addAllIds(thousand).addIds("prd_y").build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, tooMany.status());
    assertTrue(tooMany.message().contains("ids"), tooMany.message());
  }

  @Test
  void upsertProduct_badFields_areInvalidArgumentNamingTheField() {
    String id = unique("prd_");
    assertInvalid(product(id, -1, 1), "product.price_cents");
    assertInvalid(product(id, 1, -1), "product.stock");
    assertInvalid(withCurrency(product(id, 1, 1), "euro"), "product.currency");
    assertInvalid(product("", 1, 1), "product.id");
    assertInvalid(product("x".repeat(65), 1, 1), "product.id");
    assertInvalid(UpsertProductRequest.getDefaultInstance(), "product");
    Reply<Product> nothing = server.callAndWait(ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId(id).build());
    assertEquals(GrpcStatus.NOT_FOUND, nothing.status(), "no invalid product was written");
  }

  private void assertInvalid(UpsertProductRequest request, String field) {
    Reply<Product> reply = server.callAndWait(ProductServiceGrpcClient.UpsertProduct, request);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.toString());
    assertTrue(reply.message().contains(field), reply.message());
  }

  private static UpsertProductRequest withCurrency(UpsertProductRequest r, String currency) {
    return r.toBuilder().setProduct(r.getProduct().toBuilder().setCurrency(currency)).build();
  }
}
