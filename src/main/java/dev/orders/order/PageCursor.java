package dev.orders.order;

import java.time.Instant;

/** The keyset position of the last order of a page: (created_at, id), both descending. */
public record PageCursor(Instant createdAt, String orderId) {

  static PageCursor after(Order last) {
    return new PageCursor(last.createdAt(), last.id());
  }
}
