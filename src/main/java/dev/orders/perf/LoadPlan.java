package dev.orders.perf;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything a run needs besides the ids. {@code profile} is VUs over time in the closed
 * model, arrivals per second in the open model. With {@code authSecret} (the service's
 * ORDERS_AUTH_HS256_SECRET) every call carries a token: the user's own for that user's orders,
 * an admin's for the rest.
 */
public record LoadPlan(
    String host,
    int port,
    int connections,
    Model model,
    Profile profile,
    Scenario scenario,
    int maxInFlight,
    Duration timeout,
    Optional<String> authSecret) {

  public enum Model {
    /** k6 VUs: each sends its next call when the last one answered; load drops when the server slows. */
    CLOSED,
    /** Constant (or ramped) arrival rate regardless of answers; latency counts from the intended send time. */
    OPEN
  }

  public LoadPlan {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
  }

  /** A lane's share of a budget split over all connections, at least 1. */
  int perLane(int total) {
    return Math.max(1, (total + connections - 1) / connections);
  }
}
