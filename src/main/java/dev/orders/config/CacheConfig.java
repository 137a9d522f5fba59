package dev.orders.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The product cache's settings (ORDERS_REDIS_* and ORDERS_CACHE_*).
 *
 * @param timeout how long one Redis round trip may take before the read falls back to
 *     PostgreSQL; the Vert.x Redis client has no command timeout of its own
 * @param keyPrefix prepended to every key (lets several deployments or test runs share a Redis)
 */
public record CacheConfig(
    Mode mode, String masterName, Duration timeout, Duration ttl, Duration negativeTtl,
    String keyPrefix) {

  public enum Mode {
    STANDALONE, SENTINEL, CLUSTER;

    static Mode parse(String value) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ORDERS_REDIS_MODE must be standalone, sentinel or cluster, got '" + value + "'");
      }
    }
  }

  public CacheConfig withKeyPrefix(String prefix) {
    return new CacheConfig(mode, masterName, timeout, ttl, negativeTtl, prefix);
  }
}
