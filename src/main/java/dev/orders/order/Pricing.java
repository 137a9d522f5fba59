package dev.orders.order;

import dev.orders.error.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prices an order from the product rows read in its transaction (and checks the rows it then
 * locks the same way): the server, never the caller, decides prices and the total. Fails when a product is unknown, when products
 * disagree on currency, or when stock does not cover a line.
 */
final class Pricing {

  /** A product row as CreateOrder read or locked it: price, currency and the stock left. */
  record LockedProduct(String id, long priceCents, String currency, int stock) {}

  record Priced(List<OrderItem> items, long totalCents, String currency) {}

  private Pricing() {}

  static Priced price(List<OrderLine> lines, Map<String, LockedProduct> products) {
    List<OrderItem> items = new ArrayList<>(lines.size());
    String currency = null;
    String currencyOwner = null;
    long total = 0;
    for (OrderLine line : lines) {
      LockedProduct p = products.get(line.productId());
      if (p == null) {
        throw DomainException.notFound("product " + line.productId() + " not found");
      }
      if (currency == null) {
        currency = p.currency();
        currencyOwner = p.id();
      } else if (!currency.equals(p.currency())) {
        throw DomainException.precondition("products " + currencyOwner + " (" + currency + ") and "
            + p.id() + " (" + p.currency() + ") have different currencies (an order has one currency)");
      }
      try {
        total = Math.addExact(total, Math.multiplyExact(p.priceCents(), (long) line.quantity()));
      } catch (ArithmeticException e) {
        throw DomainException.precondition("order total overflows at product " + p.id());
      }
      items.add(new OrderItem(p.id(), line.quantity(), p.priceCents()));
    }
    return new Priced(items, total, currency);
  }

  /** Checked after the idempotency key was looked up, so a retry of a completed order never sees "sold out". */
  static void requireStock(List<OrderLine> lines, Map<String, LockedProduct> products) {
    for (OrderLine line : lines) {
      LockedProduct p = products.get(line.productId());
      if (p.stock() < line.quantity()) {
        throw DomainException.precondition("insufficient stock for product " + p.id()
            + " (requested " + line.quantity() + " and available " + p.stock() + ")");
      }
    }
  }
}
