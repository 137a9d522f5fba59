package dev.orders.grpc;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.stockOf;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.api.v1.UpdateOrderStatusRequest;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A NUL byte or another control character in any string field of any request is INVALID_ARGUMENT
 * naming the field, before PostgreSQL sees it, and nothing is written.
 */
class ControlCharactersTest {

  private static final TestServer SERVER = TestServer.shared();
  private static final String PRODUCT = newProduct(SERVER, 250, 50);
  private static final Order PENDING = TestServer.await(SERVER.orders().createOrder(
      order(unique("usr_"), unique("req-")).addItems(line(PRODUCT, 1)).build()));

  /** One string field of one request: {@code send} puts the given value into that field. */
  record Field(String name, Function<String, Reply<?>> send) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> everyStringField() {
    Stream<Field> fields = Stream.of(
        new Field("CreateOrder user_id", v -> create(v, unique("req-"), PRODUCT)),
        new Field("CreateOrder request_id", v -> create(unique("usr_"), v, PRODUCT)),
        new Field("CreateOrder items[0].product_id", v -> create(unique("usr_"), unique("req-"), v)),
        new Field("GetOrder order_id", v -> call(OrderServiceGrpcClient.GetOrder,
            GetOrderRequest.newBuilder().setOrderId(v).build())),
        new Field("ListOrders user_id", v -> call(OrderServiceGrpcClient.ListOrders,
            ListOrdersRequest.newBuilder().setUserId(v).build())),
        new Field("ListOrders page_token", v -> call(OrderServiceGrpcClient.ListOrders,
            ListOrdersRequest.newBuilder().setUserId("usr_1").setPageToken(v).build())),
        new Field("UpdateOrderStatus order_id", v -> call(OrderServiceGrpcClient.UpdateOrderStatus,
            UpdateOrderStatusRequest.newBuilder().setOrderId(v).setStatus(OrderStatus.ORDER_STATUS_CONFIRMED).build())),
        new Field("CancelOrder order_id", v -> call(OrderServiceGrpcClient.CancelOrder,
            CancelOrderRequest.newBuilder().setOrderId(v).build())),
        new Field("CancelOrder reason", v -> call(OrderServiceGrpcClient.CancelOrder,
            CancelOrderRequest.newBuilder().setOrderId(PENDING.getId()).setReason("changed " + v).build())),
        new Field("GetProduct id", v -> call(ProductServiceGrpcClient.GetProduct,
            GetProductRequest.newBuilder().setId(v).build())),
        new Field("BatchGetProducts ids[1]", v -> call(ProductServiceGrpcClient.BatchGetProducts,
            BatchGetProductsRequest.newBuilder().addIds(PRODUCT).addIds(v).build())),
        new Field("UpsertProduct product.id", v -> upsert(product(v))),
        new Field("UpsertProduct product.name", v -> upsert(product(unique("prd_")).setName("Tea " + v))),
        new Field("UpsertProduct product.description", v -> upsert(product(unique("prd_")).setDescription(v))),
        new Field("UpsertProduct product.currency", v -> upsert(product(unique("prd_")).setCurrency("E" + v))));
    return fields.flatMap(f -> Stream.of("a\u0000b", "\u0000", "a\u0001b", "a\u001bb", "a\u007fb")
        .map(value -> Arguments.of(f, value)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("everyStringField")
  void controlCharacter_inAnyStringField_isInvalidArgumentNamingIt_andWritesNothing(Field field, String value) {
    String orders = scalar("SELECT count(*) FROM orders");
    String products = scalar("SELECT count(*) FROM products");
    int stock = stockOf(SERVER, PRODUCT);

    Reply<?> reply = field.send().apply(value);

    assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), field + ": " + reply);
    String named = field.name().substring(field.name().indexOf(' ') + 1);
    assertTrue(reply.message().contains(named), "message names " + named + ": " + reply.message());
    assertEquals(orders, scalar("SELECT count(*) FROM orders"), "no order written");
    assertEquals(products, scalar("SELECT count(*) FROM products"), "no product written");
    assertEquals(stock, stockOf(SERVER, PRODUCT), "stock untouched");
    assertEquals("PENDING", scalar("SELECT status FROM orders WHERE id = ?", PENDING.getId()), "order not cancelled");
  }

  private static Reply<?> create(String userId, String requestId, String productId) {
    return call(OrderServiceGrpcClient.CreateOrder, order(userId, requestId).addItems(line(productId, 1)).build());
  }

  private static Product.Builder product(String id) {
    return Product.newBuilder().setId(id).setName("Tea").setDescription("green").setPriceCents(100)
        .setCurrency("EUR").setStock(1);
  }

  private static Reply<?> upsert(Product.Builder product) {
    return call(ProductServiceGrpcClient.UpsertProduct, UpsertProductRequest.newBuilder().setProduct(product).build());
  }

  private static <Req, Resp> Reply<?> call(io.vertx.grpc.common.ServiceMethod<Resp, Req> method, Req request) {
    return SERVER.callAndWait(method, request);
  }

  /** One value read straight from the server's database (other tests on the shared server do not run meanwhile). */
  private static String scalar(String sql, String... params) {
    try (var c = SERVER.jdbc(); var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
