package dev.orders.product;

/** AdjustStock: add {@code delta} to the product's stock, once per {@code (productId, requestId)}. */
public record StockAdjustment(String productId, int delta, String requestId) {}
