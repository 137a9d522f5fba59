package dev.orders.product;

/** AdjustStock: add {@code delta} to the product's stock, once per {@code (productId, requestId)}. */
public record StockAdjustment(String productId, int delta, String requestId) {

  /** The product as the adjustment left it; {@code replayed}: the key was used before, nothing was written now. */
  record Result(Product product, boolean replayed) {}
}
