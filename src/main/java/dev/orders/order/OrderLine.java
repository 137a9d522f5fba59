package dev.orders.order;

/** A line as the caller asks for it: a product and a quantity, never a price. */
public record OrderLine(String productId, int quantity) {}
