package dev.orders.order;

import java.util.List;

/** An order's events, oldest first, with the order's owner for the same visibility rules as GetOrder. */
public record OrderHistory(String orderId, String userId, List<OrderEvent> events) {

  public OrderHistory {
    events = List.copyOf(events);
  }
}
