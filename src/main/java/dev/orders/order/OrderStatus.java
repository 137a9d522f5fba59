package dev.orders.order;

import java.util.Optional;

/** The life of an order: PENDING → CONFIRMED → SHIPPED → DELIVERED, or CANCELLED before shipping. */
public enum OrderStatus {
  PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED;

  /** The only status an order may move to from this one through UpdateOrderStatus. */
  public Optional<OrderStatus> next() {
    return switch (this) {
      case PENDING -> Optional.of(CONFIRMED);
      case CONFIRMED -> Optional.of(SHIPPED);
      case SHIPPED -> Optional.of(DELIVERED);
      case DELIVERED, CANCELLED -> Optional.empty();
    };
  }

  /** The status an order must be in to move to this one, if any. */
  public Optional<OrderStatus> previous() {
    return switch (this) {
      case CONFIRMED -> Optional.of(PENDING);
      case SHIPPED -> Optional.of(CONFIRMED);
      case DELIVERED -> Optional.of(SHIPPED);
      case PENDING, CANCELLED -> Optional.empty();
    };
  }

  public boolean cancellable() {
    return this == PENDING || this == CONFIRMED;
  }
}
