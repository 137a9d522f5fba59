package dev.orders.grpc;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A caller's mistake is INVALID_ARGUMENT naming the field, never INTERNAL or UNKNOWN. */
class RequestValidationTest {

  private static final String LONG_ID = "x".repeat(65);

  private final TestServer server = TestServer.shared();

  static Stream<Arguments> badCreateOrders() {
    CreateOrderRequest.Builder hundredAndOne = order("usr_1", "req-1");
    for (int i = 0; i < 101; i++) {
      hundredAndOne.addItems(line("prd_" + i, 1));
    }
    return Stream.of(
        Arguments.of(order(LONG_ID, "req-1").addItems(line("prd_a", 1)), "user_id"),
        Arguments.of(order("usr_1", "").addItems(line("prd_a", 1)), "request_id"),
        Arguments.of(order("usr_1", LONG_ID).addItems(line("prd_a", 1)), "request_id"),
        Arguments.of(order("usr_1", "req 1").addItems(line("prd_a", 1)), "request_id"),
        Arguments.of(order("usr_1", "req-1"), "items"),
        Arguments.of(hundredAndOne, "items"),
        Arguments.of(order("usr_1", "req-1").addItems(line("", 1)), "items[0].product_id"),
        Arguments.of(order("usr_1", "req-1").addItems(line("prd_a", 1)).addItems(line(LONG_ID, 1)), "items[1].product_id"),
        Arguments.of(order("usr_1", "req-1").addItems(line("prd_a", 0)), "items[0].quantity"),
        Arguments.of(order("usr_1", "req-1").addItems(line("prd_a", -3)), "items[0].quantity"),
        Arguments.of(order("usr_1", "req-1").addItems(line("prd_a", 10_001)), "items[0].quantity"),
        Arguments.of(order("usr_1", "req-1").addItems(line("prd_a", 1)).addItems(line("prd_a", 2)), "items[1].product_id"));
  }

  @ParameterizedTest
  @MethodSource("badCreateOrders")
  void createOrder_badInput_isInvalidArgumentNamingTheField(CreateOrderRequest.Builder request, String field) {
    assertInvalid(server.callAndWait(OrderServiceGrpcClient.CreateOrder, request.build()), field);
  }

  @ParameterizedTest
  @MethodSource("badOrderIds")
  void getAndCancel_badOrderId_isInvalidArgument(String orderId) {
    assertInvalid(server.callAndWait(OrderServiceGrpcClient.GetOrder, GetOrderRequest.newBuilder().setOrderId(orderId).build()), "order_id");
    assertInvalid(server.callAndWait(OrderServiceGrpcClient.CancelOrder, CancelOrderRequest.newBuilder().setOrderId(orderId).build()), "order_id");
  }

  static Stream<String> badOrderIds() {
    return Stream.of("", LONG_ID, "ord_\u0000x");
  }

  private static void assertInvalid(Reply<Order> reply, String field) {
    assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.toString());
    assertTrue(reply.message().contains(field), "message names " + field + ": " + reply.message());
    // grpc-js decodes grpc-message with decodeURI, which leaves these percent-encoded
    assertTrue(reply.message().chars().noneMatch(c -> ",;:/?@&=+$#".indexOf(c) >= 0), "portable message: " + reply.message());
  }
}
