package dev.orders.order;

/** A line of a stored order, priced when the order was created. */
public record OrderItem(String productId, int quantity, long unitPriceCents) {}
