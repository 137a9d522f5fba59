package dev.orders.order;

import java.util.Optional;

/** One page of one user's orders, newest first; {@code after} continues a previous page. */
public record ListQuery(String userId, Optional<OrderStatus> status, int pageSize, Optional<PageCursor> after) {}
