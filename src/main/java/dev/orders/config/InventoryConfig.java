package dev.orders.config;

import java.time.Duration;

/**
 * Reservations (ORDERS_PENDING_TIMEOUT_SECONDS, ORDERS_MAX_PENDING_PER_USER).
 *
 * @param pendingTimeout a PENDING order older than this is cancelled with reason {@code expired};
 *     zero: never
 * @param maxPendingPerUser the most PENDING orders one user may hold
 */
public record InventoryConfig(Duration pendingTimeout, int maxPendingPerUser) {

  private static final Duration LONGEST_SWEEP_INTERVAL = Duration.ofSeconds(30);
  private static final Duration SHORTEST_SWEEP_INTERVAL = Duration.ofMillis(100);

  public boolean expires() {
    return !pendingTimeout.isZero();
  }

  /**
   * A quarter of the timeout, between 100 ms and 30 s: an order expires at most a quarter late
   * (2 s → within 2.5 s), or 30 s late with long timeouts, and an idle sweep is one index probe.
   */
  public Duration sweepInterval() {
    Duration quarter = pendingTimeout.dividedBy(4);
    if (quarter.compareTo(SHORTEST_SWEEP_INTERVAL) < 0) {
      return SHORTEST_SWEEP_INTERVAL;
    }
    return quarter.compareTo(LONGEST_SWEEP_INTERVAL) > 0 ? LONGEST_SWEEP_INTERVAL : quarter;
  }
}
