package dev.orders.order;

import java.util.List;
import java.util.Optional;

public record OrderPage(List<Order> orders, Optional<PageCursor> next) {

  public OrderPage {
    orders = List.copyOf(orders);
  }
}
