package dev.orders.product;

/** The fields of a product that UpsertProduct can change (its update_mask paths). */
public enum ProductField {
  NAME, DESCRIPTION, PRICE_CENTS, CURRENCY, STOCK
}
