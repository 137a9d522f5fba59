package dev.orders.order;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.error.DomainException;
import dev.orders.order.Pricing.LockedProduct;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingTest {

  private static final LockedProduct TEA = new LockedProduct("prd_tea", 450, "EUR", 10);
  private static final LockedProduct CUP = new LockedProduct("prd_cup", 1_299, "EUR", 2);
  private static final LockedProduct MUG = new LockedProduct("prd_mug", 800, "USD", 5);

  @Test
  void price_usesCatalogPricesInLineOrderAndSumsTheTotal() {
    var priced = Pricing.price(List.of(new OrderLine("prd_cup", 2), new OrderLine("prd_tea", 3)), products(TEA, CUP));
    assertEquals(List.of(new OrderItem("prd_cup", 2, 1_299), new OrderItem("prd_tea", 3, 450)), priced.items());
    assertEquals(2 * 1_299 + 3 * 450, priced.totalCents());
    assertEquals("EUR", priced.currency());
  }

  @Test
  void price_mixedCurrencies_isFailedPreconditionNamingBothProducts() {
    DomainException e = assertThrows(DomainException.class, () ->
        Pricing.price(List.of(new OrderLine("prd_tea", 1), new OrderLine("prd_mug", 1)), products(TEA, MUG)));
    assertEquals(DomainException.Kind.FAILED_PRECONDITION, e.kind());
    assertTrue(e.getMessage().contains("prd_tea (EUR)") && e.getMessage().contains("prd_mug (USD)"), e.getMessage());
  }

  @Test
  void price_lineTotalOverflowingLong_isFailedPreconditionNamingTheProduct() {
    LockedProduct gold = new LockedProduct("prd_gold", Long.MAX_VALUE / 2, "EUR", 10);
    DomainException e = assertThrows(DomainException.class, () ->
        Pricing.price(List.of(new OrderLine("prd_gold", 3)), products(gold)));
    assertEquals(DomainException.Kind.FAILED_PRECONDITION, e.kind());
    assertTrue(e.getMessage().contains("overflows at product prd_gold"), e.getMessage());
  }

  @Test
  void price_sumOverflowingLong_isFailedPreconditionNamingTheLineThatOverflows() {
    LockedProduct gold = new LockedProduct("prd_gold", Long.MAX_VALUE - 10, "EUR", 10);
    DomainException e = assertThrows(DomainException.class, () ->
        Pricing.price(List.of(new OrderLine("prd_gold", 1), new OrderLine("prd_tea", 1)), products(gold, TEA)));
    assertTrue(e.getMessage().contains("overflows at product prd_tea"), e.getMessage());
  }

  @Test
  void price_unknownProduct_isNotFoundNamingIt() {
    DomainException e = assertThrows(DomainException.class, () ->
        Pricing.price(List.of(new OrderLine("prd_tea", 1), new OrderLine("prd_gone", 1)), products(TEA)));
    assertEquals(DomainException.Kind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("prd_gone"), e.getMessage());
  }

  @Test
  void requireStock_exactlyEnough_passes_oneShort_namesProductAndBothQuantities() {
    assertDoesNotThrow(() -> Pricing.requireStock(List.of(new OrderLine("prd_cup", 2)), products(CUP)));
    DomainException e = assertThrows(DomainException.class, () ->
        Pricing.requireStock(List.of(new OrderLine("prd_tea", 1), new OrderLine("prd_cup", 3)), products(TEA, CUP)));
    assertEquals(DomainException.Kind.FAILED_PRECONDITION, e.kind());
    assertTrue(e.getMessage().contains("prd_cup (requested 3 and available 2)"), e.getMessage());
  }

  private static Map<String, LockedProduct> products(LockedProduct... products) {
    return java.util.Arrays.stream(products).collect(java.util.stream.Collectors.toMap(LockedProduct::id, p -> p));
  }
}
