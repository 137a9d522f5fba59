package dev.orders.grpc;

import dev.orders.api.v1.GetOrderHistoryResponse;
import dev.orders.api.v1.OrderEventType;
import dev.orders.api.v1.OrderItem;
import dev.orders.api.v1.OrderStatus;
import dev.orders.order.Order;
import dev.orders.order.OrderEvent;
import dev.orders.order.OrderHistory;
import dev.orders.product.Product;
import dev.orders.product.ProductCodec;
import java.util.Optional;

/** Domain records ⇄ protobuf messages. */
final class ProtoMapper {

  private ProtoMapper() {}

  static dev.orders.api.v1.Order order(Order o) {
    var b = dev.orders.api.v1.Order.newBuilder()
        .setId(o.id())
        .setUserId(o.userId())
        .setStatus(status(o.status()))
        .setTotalCents(o.totalCents())
        .setCurrency(o.currency())
        .setCreatedAt(ProductCodec.timestamp(o.createdAt()))
        .setUpdatedAt(ProductCodec.timestamp(o.updatedAt()));
    for (var item : o.items()) {
      b.addItems(OrderItem.newBuilder()
          .setProductId(item.productId())
          .setQuantity(item.quantity())
          .setUnitPriceCents(item.unitPriceCents()));
    }
    return b.build();
  }

  static GetOrderHistoryResponse history(OrderHistory h) {
    var b = GetOrderHistoryResponse.newBuilder();
    for (OrderEvent e : h.events()) {
      b.addEvents(dev.orders.api.v1.OrderEvent.newBuilder()
          .setSequence(e.sequence())
          .setOrderId(h.orderId())
          .setType(switch (e.type()) {
            case CREATED -> OrderEventType.ORDER_EVENT_TYPE_CREATED;
            case STATUS_CHANGED -> OrderEventType.ORDER_EVENT_TYPE_STATUS_CHANGED;
            case CANCELLED -> OrderEventType.ORDER_EVENT_TYPE_CANCELLED;
          })
          .setStatus(status(e.status()))
          .setReason(e.reason().map(OrderEvent.CancelReason::label).orElse(""))
          .setActor(e.actor())
          .setTime(ProductCodec.timestamp(e.at())));
    }
    return b.build();
  }

  static dev.orders.api.v1.Product product(Product p) {
    return ProductCodec.toProto(p);
  }

  static OrderStatus status(dev.orders.order.OrderStatus s) {
    return switch (s) {
      case PENDING -> OrderStatus.ORDER_STATUS_PENDING;
      case CONFIRMED -> OrderStatus.ORDER_STATUS_CONFIRMED;
      case SHIPPED -> OrderStatus.ORDER_STATUS_SHIPPED;
      case DELIVERED -> OrderStatus.ORDER_STATUS_DELIVERED;
      case CANCELLED -> OrderStatus.ORDER_STATUS_CANCELLED;
    };
  }

  /** Empty for UNSPECIFIED; unknown numbers (a newer client) count as invalid, not as "any". */
  static Optional<dev.orders.order.OrderStatus> status(OrderStatus s, String field) {
    return switch (s) {
      case ORDER_STATUS_UNSPECIFIED -> Optional.empty();
      case ORDER_STATUS_PENDING -> Optional.of(dev.orders.order.OrderStatus.PENDING);
      case ORDER_STATUS_CONFIRMED -> Optional.of(dev.orders.order.OrderStatus.CONFIRMED);
      case ORDER_STATUS_SHIPPED -> Optional.of(dev.orders.order.OrderStatus.SHIPPED);
      case ORDER_STATUS_DELIVERED -> Optional.of(dev.orders.order.OrderStatus.DELIVERED);
      case ORDER_STATUS_CANCELLED -> Optional.of(dev.orders.order.OrderStatus.CANCELLED);
      case UNRECOGNIZED -> throw dev.orders.error.DomainException.invalid(field + " is not a known OrderStatus");
    };
  }
}
