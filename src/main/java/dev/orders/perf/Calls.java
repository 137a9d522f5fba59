package dev.orders.perf;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.LineItem;
import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.OrderServiceClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.api.v1.ProductServiceClient;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Turns a picked call into a request with arguments from the dataset, and sends it. */
final class Calls {

  /** What was actually sent: CancelOrder becomes CreateOrder while the run has nothing to cancel. */
  record Sent(Rpc rpc, Future<?> reply) {}

  private static final OrderStatus[] FILTERS = {OrderStatus.ORDER_STATUS_PENDING, OrderStatus.ORDER_STATUS_CONFIRMED,
      OrderStatus.ORDER_STATUS_SHIPPED, OrderStatus.ORDER_STATUS_DELIVERED, OrderStatus.ORDER_STATUS_CANCELLED};

  private final OrderServiceClient orders;
  private final Function<String, OrderServiceClient> ordersOf;
  private final ProductServiceClient products;
  private final Scenario scenario;
  private final Dataset data;
  private final RunState state;

  /**
   * @param orders for calls about any user's orders (GetOrder by a sampled id: the dataset does not say whose)
   * @param ordersOf for calls a user makes about their own orders
   */
  Calls(OrderServiceClient orders, Function<String, OrderServiceClient> ordersOf, ProductServiceClient products,
      Scenario scenario, Dataset data, RunState state) {
    this.orders = orders;
    this.ordersOf = ordersOf;
    this.products = products;
    this.scenario = scenario;
    this.data = data;
    this.state = state;
  }

  Sent send(Rpc rpc) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    return switch (rpc) {
      case GetOrder -> new Sent(rpc, orders.getOrder(GetOrderRequest.newBuilder().setOrderId(data.randomOrder(rnd)).build()));
      case ListOrders -> new Sent(rpc, listOrders(rnd));
      case CreateOrder -> new Sent(rpc, createOrder(rnd));
      case CancelOrder -> cancelOrder(rnd);
      case GetProduct -> new Sent(rpc, products.getProduct(GetProductRequest.newBuilder()
          .setId(data.randomProduct(rnd, scenario.hotProducts(), scenario.hotShare())).build()));
      case BatchGetProducts -> new Sent(rpc, batchGet(rnd));
    };
  }

  private Future<?> listOrders(ThreadLocalRandom rnd) {
    ListOrdersRequest.Builder req = ListOrdersRequest.newBuilder().setPageSize(scenario.listPageSize());
    RunState.PageToken token = rnd.nextDouble() < scenario.listNextPageShare() ? state.anyToken(rnd.nextInt()) : null;
    if (token != null) {
      req.setUserId(token.userId()).setStatusValue(token.status()).setPageToken(token.token());
    } else {
      req.setUserId(data.randomUser(rnd, scenario.usersByOrderCount()));
      if (rnd.nextDouble() < scenario.listStatusShare()) {
        req.setStatus(FILTERS[rnd.nextInt(FILTERS.length)]);
      }
    }
    ListOrdersRequest sent = req.build();
    return ordersOf.apply(sent.getUserId()).listOrders(sent).onSuccess(page -> {
      if (!page.getNextPageToken().isEmpty()) {
        state.offerToken(new RunState.PageToken(sent.getUserId(), sent.getStatusValue(), page.getNextPageToken()));
      }
    });
  }

  private Future<?> createOrder(ThreadLocalRandom rnd) {
    CreateOrderRequest.Builder req = CreateOrderRequest.newBuilder()
        .setUserId(data.randomUser(rnd, scenario.usersByOrderCount()))
        .setRequestId(state.nextRequestId());
    Set<String> ids = new LinkedHashSet<>();   // distinct lines: a cart holds each product once
    int lines = 1 + rnd.nextInt(scenario.createMaxLines());
    for (int i = 0; i < lines; i++) {
      ids.add(data.randomProduct(rnd, scenario.hotProducts(), scenario.hotShare()));
    }
    ids.forEach(id -> req.addItems(LineItem.newBuilder().setProductId(id)
        .setQuantity(1 + rnd.nextInt(scenario.createMaxQuantity()))));
    return ordersOf.apply(req.getUserId()).createOrder(req.build())
        .onSuccess(o -> state.created(new RunState.Created(o.getId(), o.getUserId())));
  }

  private Sent cancelOrder(ThreadLocalRandom rnd) {
    RunState.Created order = state.takeCreated();
    if (order == null) {
      return new Sent(Rpc.CreateOrder, createOrder(rnd));
    }
    return new Sent(Rpc.CancelOrder, ordersOf.apply(order.userId()).cancelOrder(CancelOrderRequest.newBuilder()
        .setOrderId(order.orderId()).setReason("load test").build()));
  }

  private Future<?> batchGet(ThreadLocalRandom rnd) {
    BatchGetProductsRequest.Builder req = BatchGetProductsRequest.newBuilder();
    for (int i = 0; i < scenario.batchSize(); i++) {
      req.addIds(data.randomProduct(rnd, scenario.hotProducts(), scenario.hotShare()));
    }
    return products.batchGetProducts(req.build());
  }
}
