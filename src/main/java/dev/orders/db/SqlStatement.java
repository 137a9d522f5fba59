package dev.orders.db;

/**
 * One SQL statement the service issues, with a stable name. Each repository keeps all of its
 * statements in one registry class ({@code OrderSql}, {@code ProductSql}) so the index gate
 * can EXPLAIN every one of them; a query that is not registered cannot be issued.
 */
public record SqlStatement(String name, String sql) {}
