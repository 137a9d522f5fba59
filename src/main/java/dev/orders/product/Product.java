package dev.orders.product;

import java.time.Instant;

/** A catalog entry. Money is integer minor units of an ISO 4217 currency. */
public record Product(
    String id, String name, String description, long priceCents, String currency, int stock, Instant updatedAt) {}
