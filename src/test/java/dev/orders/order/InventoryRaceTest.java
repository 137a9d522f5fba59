package dev.orders.order;

import static dev.orders.testsupport.Fixtures.adjust;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.queryInt;
import static dev.orders.testsupport.Fixtures.stockOf;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.AdjustStockRequest;
import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stock deltas racing orders and cancellations on the same products: whatever the interleaving,
 * for every product stock = initial + applied deltas − reserved by orders not cancelled.
 */
class InventoryRaceTest {

  private static final int INITIAL = 60;

  private record Sent(AdjustStockRequest request, Future<Reply<Product>> reply) {}

  private final TestServer server = TestServer.shared();

  @Test
  void adjustStock_racingOrdersAndCancels_stockAddsUpExactly_noRetryAppliedTwice() {
    Random random = new Random(11);
    List<String> products = List.of(newProduct(server, 100, INITIAL), newProduct(server, 100, INITIAL),
        newProduct(server, 100, INITIAL));
    List<Future<Reply<Order>>> orders = new ArrayList<>();
    List<Future<Reply<Order>>> cancels = new ArrayList<>();
    List<AdjustStockRequest> adjustments = new ArrayList<>();
    List<Sent> adjusted = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      Future<Reply<Order>> created = server.call(OrderServiceGrpcClient.CreateOrder, randomOrder(random, products));
      orders.add(created);
      if (i % 2 == 0) {   // 65 cancels, each sent as soon as its order exists, racing the rest
        cancels.add(created.compose(reply -> reply.ok()
            ? server.call(OrderServiceGrpcClient.CancelOrder,
                CancelOrderRequest.newBuilder().setOrderId(reply.body().getId()).build())
            : Future.succeededFuture(reply)));
      }
      if (i % 13 < 5) {   // 50 adjustments, one in three sent twice at once
        AdjustStockRequest a = adjust(products.get(random.nextInt(3)), nonZeroDelta(random), unique("adj-"));
        adjustments.add(a);
        adjusted.add(new Sent(a, server.call(ProductServiceGrpcClient.AdjustStock, a)));
        if (adjustments.size() % 3 == 0) {
          adjusted.add(new Sent(a, server.call(ProductServiceGrpcClient.AdjustStock, a)));
        }
      }
    }
    assertEquals(50, adjustments.size());

    Map<String, Integer> expected = new HashMap<>();
    products.forEach(p -> expected.put(p, INITIAL));
    Set<String> applied = new HashSet<>();
    Map<String, Product> firstAnswer = new HashMap<>();
    for (Sent sent : adjusted) {
      Reply<Product> reply = TestServer.await(sent.reply());
      AdjustStockRequest request = sent.request();
      assertTrue(reply.ok() || reply.status() == GrpcStatus.FAILED_PRECONDITION, reply.toString());
      if (reply.ok()) {
        Product earlier = firstAnswer.putIfAbsent(request.getRequestId(), reply.body());
        assertTrue(earlier == null || earlier.equals(reply.body()), "a retry answers the first state");
        if (applied.add(request.getRequestId())) {
          expected.merge(request.getProductId(), request.getDelta(), Integer::sum);
        }
      }
    }
    Set<String> cancelled = new HashSet<>();
    cancels.stream().map(TestServer::await).filter(Reply::ok).forEach(r -> cancelled.add(r.body().getId()));
    for (Future<Reply<Order>> f : orders) {
      Reply<Order> reply = TestServer.await(f);
      assertTrue(reply.ok() || reply.status() == GrpcStatus.FAILED_PRECONDITION, reply.toString());
      if (reply.ok() && !cancelled.contains(reply.body().getId())) {
        reply.body().getItemsList().forEach(item -> expected.merge(item.getProductId(), -item.getQuantity(), Integer::sum));
      }
    }

    for (String p : products) {
      assertEquals(expected.get(p), stockOf(server, p), "stock of " + p);
      assertEquals((int) applied.stream().filter(id -> adjustments.stream()
          .anyMatch(a -> a.getRequestId().equals(id) && a.getProductId().equals(p))).count(),
          queryInt(server, "SELECT count(*) FROM stock_adjustments WHERE product_id = ?", p), "one row per applied key");
    }
    assertTrue(cancelled.size() > 10 && applied.size() > 10, "the race exercised every call: " + cancelled.size()
        + " cancels and " + applied.size() + " deltas applied");
  }

  private static CreateOrderRequest randomOrder(Random random, List<String> products) {
    CreateOrderRequest.Builder b = order(unique("usr_"), unique("req-"));
    for (String p : products) {
      if (random.nextBoolean() || b.getItemsCount() == 0 && p.equals(products.get(products.size() - 1))) {
        b.addItems(line(p, 1 + random.nextInt(3)));
      }
    }
    return b.build();
  }

  private static int nonZeroDelta(Random random) {
    int delta = random.nextInt(41) - 20;
    return delta == 0 ? 1 : delta;
  }
}
