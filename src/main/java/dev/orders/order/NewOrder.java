package dev.orders.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** A validated CreateOrder request: distinct products, quantities in range, an idempotency key. */
public record NewOrder(String userId, String requestId, List<OrderLine> lines) {

  public NewOrder {
    lines = List.copyOf(lines);
  }

  /**
   * What the request asks for, independent of line order. A retry carries the same
   * fingerprint; the same request_id with another fingerprint is a different order.
   */
  public String fingerprint() {
    StringBuilder canonical = new StringBuilder();
    lines.stream()
        .sorted(Comparator.comparing(OrderLine::productId))
        .forEach(l -> canonical.append(l.productId()).append('\t').append(l.quantity()).append('\n'));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Product ids sorted: rows are locked in this order so that concurrent orders cannot deadlock. */
  public String[] sortedProductIds() {
    return lines.stream().map(OrderLine::productId).sorted().toArray(String[]::new);
  }
}
