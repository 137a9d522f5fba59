package dev.orders.seed;

import java.time.Instant;

/**
 * What to generate. Every value of the dataset is a function of these fields alone, so the
 * same plan always produces the same rows (ids, timestamps, users, statuses, items).
 *
 * @param until the newest order's time; orders spread over the two years before it. A fixed
 *     default rather than now() keeps the output reproducible.
 */
public record SeedPlan(long orders, int users, int products, int seed, Instant until) {

  public static final long DEFAULT_ORDERS = 500_000;
  public static final int DEFAULT_USERS = 50_000;
  public static final int DEFAULT_PRODUCTS = 10_000;
  public static final Instant DEFAULT_UNTIL = Instant.parse("2026-11-01T00:00:00Z");

  public SeedPlan {
    require(orders >= 0 && orders <= 100_000_000, "--orders must be between 0 and 100000000");
    require(users >= 1, "--users must be at least 1");
    require(products >= 1 && products <= 99_999_999, "--products must be between 1 and 99999999");
    require(until != null, "--until is required");
  }

  public static SeedPlan defaults() {
    return new SeedPlan(DEFAULT_ORDERS, DEFAULT_USERS, DEFAULT_PRODUCTS, 1, DEFAULT_UNTIL);
  }

  public SeedPlan withOrders(long n) {
    return new SeedPlan(n, users, products, seed, until);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
