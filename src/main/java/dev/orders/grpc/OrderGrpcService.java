package dev.orders.grpc;

import dev.orders.api.v1.CancelOrderRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.LineItem;
import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.ListOrdersResponse;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcService;
import dev.orders.api.v1.UpdateOrderStatusRequest;
import dev.orders.auth.Callers;
import dev.orders.error.DomainException;
import dev.orders.order.ListQuery;
import dev.orders.order.NewOrder;
import dev.orders.order.OrderLine;
import dev.orders.order.OrderService;
import dev.orders.order.PageCursor;
import dev.orders.order.PageTokens;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** orders.v1.OrderService: validates requests, calls {@link OrderService}, maps results and failures. */
final class OrderGrpcService extends OrderServiceGrpcService {

  private final OrderService orders;
  private final PageTokens pageTokens;
  private final Callers callers;

  OrderGrpcService(OrderService orders, PageTokens pageTokens, Callers callers) {
    this.orders = orders;
    this.pageTokens = pageTokens;
    this.callers = callers;
  }

  @Override
  public Future<Order> createOrder(CreateOrderRequest req) {
    return Rpcs.answer("CreateOrder", Rpcs.id("user_id", req.getUserId()) + " " + Rpcs.id("request_id", req.getRequestId()),
        () -> orders.create(newOrder(req, Access.userFor(callers.current(), "user_id", req.getUserId())))
            .map(ProtoMapper::order));
  }

  @Override
  public Future<Order> getOrder(GetOrderRequest req) {
    return Rpcs.answer("GetOrder", Rpcs.id("order_id", req.getOrderId()),
        () -> orders.get(Validate.id("order_id", req.getOrderId()), callers.current()).map(ProtoMapper::order));
  }

  @Override
  public Future<ListOrdersResponse> listOrders(ListOrdersRequest req) {
    return Rpcs.answer("ListOrders", Rpcs.id("user_id", req.getUserId()), () -> {
      String userId = Access.userFor(callers.current(), "user_id", req.getUserId());
      var status = ProtoMapper.status(req.getStatus(), "status");
      int pageSize = Validate.pageSize(req.getPageSize());
      Optional<PageCursor> after = req.getPageToken().isEmpty()
          ? Optional.empty()
          : Optional.of(pageTokens.decode(req.getPageToken(), userId, status));
      return orders.list(new ListQuery(userId, status, pageSize, after)).map(page -> {
        var b = ListOrdersResponse.newBuilder();
        page.orders().forEach(o -> b.addOrders(ProtoMapper.order(o)));
        page.next().ifPresent(c -> b.setNextPageToken(pageTokens.encode(userId, status, c)));
        return b.build();
      });
    });
  }

  @Override
  public Future<Order> updateOrderStatus(UpdateOrderStatusRequest req) {
    return Rpcs.answer("UpdateOrderStatus", Rpcs.id("order_id", req.getOrderId()), () -> {
      Access.requireAdmin(callers.current(), "UpdateOrderStatus");
      String orderId = Validate.id("order_id", req.getOrderId());
      var target = ProtoMapper.status(req.getStatus(), "status")
          .orElseThrow(() -> DomainException.invalid("status is required (ORDER_STATUS_UNSPECIFIED is not a status)"));
      return orders.updateStatus(orderId, target).map(ProtoMapper::order);
    });
  }

  @Override
  public Future<Order> cancelOrder(CancelOrderRequest req) {
    return Rpcs.answer("CancelOrder", Rpcs.id("order_id", req.getOrderId()), () -> orders.cancel(
            Validate.id("order_id", req.getOrderId()),
            Validate.text("reason", req.getReason(), Validate.MAX_TEXT_LENGTH, false),
            callers.current())
        .map(ProtoMapper::order));
  }

  /** {@code userId}: the user the order is for, already checked against the caller. */
  static NewOrder newOrder(CreateOrderRequest req, String userId) {
    String requestId = Validate.id("request_id", req.getRequestId());
    if (req.getItemsCount() == 0) {
      throw DomainException.invalid("items must not be empty");
    }
    if (req.getItemsCount() > Validate.MAX_LINES) {
      throw DomainException.invalid("items has " + req.getItemsCount() + " lines (at most " + Validate.MAX_LINES + ")");
    }
    List<OrderLine> lines = new ArrayList<>(req.getItemsCount());
    Map<String, Integer> firstLine = new HashMap<>();
    for (int i = 0; i < req.getItemsCount(); i++) {
      LineItem item = req.getItems(i);
      String productId = Validate.id("items[" + i + "].product_id", item.getProductId());
      int quantity = Validate.range("items[" + i + "].quantity", item.getQuantity(), 1, Validate.MAX_QUANTITY);
      Integer earlier = firstLine.putIfAbsent(productId, i);
      if (earlier != null) {
        throw DomainException.invalid("items[" + i + "].product_id repeats items[" + earlier + "] ("
            + productId + ") - send one line per product");
      }
      lines.add(new OrderLine(productId, quantity));
    }
    return new NewOrder(userId, requestId, lines);
  }
}
