package dev.orders.order;

import java.util.Optional;

/**
 * The life of an order: PENDING → CONFIRMED → SHIPPED → DELIVERED, or CANCELLED before shipping.
 * Which statuses may be cancelled is decided by {@code OrderSql.CANCEL} alone, atomically.
 */
public enum OrderStatus {
  PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED;

  /** The status an order must be in to move to this one, if any. */
  public Optional<OrderStatus> previous() {
    return switch (this) {
      case CONFIRMED -> Optional.of(PENDING);
      case SHIPPED -> Optional.of(CONFIRMED);
      case DELIVERED -> Optional.of(SHIPPED);
      case PENDING, CANCELLED -> Optional.empty();
    };
  }
}
