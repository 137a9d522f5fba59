package dev.orders.product;

import java.time.Instant;

/**
 * A catalog entry. Money is integer minor units of an ISO 4217 currency. {@code version} grows on
 * every change of the row, catalog fields or stock.
 */
public record Product(
    String id, String name, String description, long priceCents, String currency, int stock, Instant updatedAt,
    long version) {}
