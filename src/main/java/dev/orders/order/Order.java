package dev.orders.order;

import java.time.Instant;
import java.util.List;

public record Order(
    String id,
    String userId,
    OrderStatus status,
    List<OrderItem> items,
    long totalCents,
    String currency,
    Instant createdAt,
    Instant updatedAt) {

  public Order {
    items = List.copyOf(items);
  }
}
