package dev.orders.product;

import static dev.orders.testsupport.Fixtures.adjust;
import static dev.orders.testsupport.Fixtures.awaitCacheHit;
import static dev.orders.testsupport.Fixtures.getProduct;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.stockOf;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UpsertProduct with update_mask and expected_version; Product.version through writes and the cache. */
class PartialUpsertTest {

  private final TestServer server = TestServer.shared();

  @Test
  void upsertProduct_renameOnly_keepsStockAndPrice() {
    String id = newProduct(server, 2490, 7);

    Product renamed = await(server.products().upsertProduct(request(Product.newBuilder().setId(id).setName("Espresso"))));

    assertEquals("Espresso", renamed.getName());
    assertEquals(2490, renamed.getPriceCents());
    assertEquals(7, renamed.getStock());
    assertEquals("EUR", renamed.getCurrency());
    assertEquals(7, stockOf(server, id));
  }

  @Test
  void upsertProduct_withMask_changesOnlyMaskedFields_evenToZero() {
    String id = newProduct(server, 2490, 7);

    Product changed = await(server.products().upsertProduct(request(
        Product.newBuilder().setId(id).setName("ignored").setStock(0).setPriceCents(999), "stock", "price_cents")));

    assertEquals(0, changed.getStock());
    assertEquals(999, changed.getPriceCents());
    assertEquals("Product " + id, changed.getName(), "name is not in the mask");
  }

  @Test
  void upsertProduct_staleExpectedVersion_isAbortedNamingCurrentVersion_andChangesNothing() {
    String id = newProduct(server, 100, 5);
    Product current = getProduct(server, id);
    await(server.products().adjustStock(adjust(id, 1, unique("adj-"))));

    Reply<Product> stale = server.callAndWait(ProductServiceGrpcClient.UpsertProduct, request(
        Product.newBuilder().setId(id).setStock(50)).toBuilder().setExpectedVersion(current.getVersion()).build());

    assertEquals(GrpcStatus.ABORTED, stale.status(), stale.toString());
    assertTrue(stale.message().contains("version " + (current.getVersion() + 1)), stale.message());
    assertEquals(6, stockOf(server, id));

    Product fresh = await(server.products().upsertProduct(request(Product.newBuilder().setId(id).setStock(50))
        .toBuilder().setExpectedVersion(current.getVersion() + 1).build()));
    assertEquals(50, fresh.getStock());
  }

  @Test
  void upsertProduct_expectedVersionZero_createsOnlyOnce() {
    String id = unique("prd_");
    UpsertProductRequest createOnly = request(Product.newBuilder().setId(id).setName("New").setCurrency("EUR")
        .setPriceCents(100).setStock(1)).toBuilder().setExpectedVersion(0).build();

    assertEquals(1, await(server.products().upsertProduct(createOnly)).getVersion());
    assertEquals(GrpcStatus.ABORTED, server.callAndWait(ProductServiceGrpcClient.UpsertProduct, createOnly).status());
  }

  @Test
  void upsertProduct_creatingWithoutNameOrCurrency_isInvalidArgument_badMaskPathToo() {
    String id = unique("prd_");
    assertInvalid(request(Product.newBuilder().setId(id).setCurrency("EUR").setStock(3)), "product.name");
    assertInvalid(request(Product.newBuilder().setId(id).setName("No currency")), "product.currency");
    assertInvalid(request(Product.newBuilder().setId(id).setName("x"), "id"), "update_mask.paths[0]");
    assertInvalid(request(Product.newBuilder().setId(id).setName(""), "name"), "product.name");
    assertEquals(GrpcStatus.NOT_FOUND, server.callAndWait(ProductServiceGrpcClient.GetProduct,
        GetProductRequest.newBuilder().setId(id).build()).status(), "nothing was created");
  }

  /** Each kind of write raises the version, and a read after it returned (the cache warm before) sees it. */
  @Test
  void everyChange_raisesVersion_andTheCacheNeverServesAnOlderOne() {
    String id = newProduct(server, 100, 100);
    long created = getProduct(server, id).getVersion();

    awaitCacheHit(server, id);
    long renamed = await(server.products().upsertProduct(request(Product.newBuilder().setId(id).setName("Renamed"))))
        .getVersion();
    assertServed(id, renamed, created);

    awaitCacheHit(server, id);
    long adjusted = await(server.products().adjustStock(adjust(id, 5, unique("adj-")))).getVersion();
    assertServed(id, adjusted, renamed);

    awaitCacheHit(server, id);
    String orderId = await(server.orders().createOrder(order(unique("usr_"), unique("req-"))
        .addItems(line(id, 2)).build())).getId();
    long reserved = assertServed(id, adjusted + 1, adjusted);

    awaitCacheHit(server, id);
    await(server.orders().cancelOrder(CancelOrderRequest.newBuilder().setOrderId(orderId).build()));
    assertServed(id, reserved + 1, reserved);
  }

  /** The product as read now has {@code expected}, a version above {@code before}. */
  private long assertServed(String id, long expected, long before) {
    Product read = getProduct(server, id);
    assertTrue(expected > before, "version " + expected + " after " + before);
    assertEquals(expected, read.getVersion(), "the read serves the version the write made");
    return read.getVersion();
  }

  private void assertInvalid(UpsertProductRequest request, String field) {
    Reply<Product> reply = server.callAndWait(ProductServiceGrpcClient.UpsertProduct, request);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.toString());
    assertTrue(reply.message().contains(field), reply.message());
  }

  private static UpsertProductRequest request(Product.Builder product, String... maskPaths) {
    UpsertProductRequest.Builder b = UpsertProductRequest.newBuilder().setProduct(product);
    if (maskPaths.length > 0) {
      b.setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(maskPaths)));
    }
    return b.build();
  }
}
