package dev.orders.config;

import java.time.Duration;

/**
 * The in-process near-cache of products in front of Redis (ORDERS_L1_MAX_ENTRIES, ORDERS_L1_TTL_SECONDS).
 *
 * @param maxEntries the most products one process keeps; 0 turns the near-cache off
 * @param ttl how long an entry may be served at most, a backstop for a change whose announcement
 *     was lost (the writer crashed between commit and publish); 0 turns the near-cache off
 */
public record NearCacheConfig(int maxEntries, Duration ttl) {

  public boolean enabled() {
    return maxEntries > 0 && !ttl.isZero();
  }
}
