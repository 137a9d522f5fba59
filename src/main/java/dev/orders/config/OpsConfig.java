package dev.orders.config;

import java.time.Duration;

/**
 * Operating the service: the admin HTTP port, how readiness is checked, how a stop is staged, and
 * whether {@code serve} migrates first (see README, "Configuration", and docs/operations.md).
 *
 * @param adminHost interface of the admin HTTP server (/metrics, /health/*)
 * @param adminPort its port; 0 picks a free one (tests)
 * @param healthInterval how often readiness runs its {@code SELECT 1}
 * @param healthTimeout how long that {@code SELECT 1} may take before PostgreSQL counts as down
 * @param shutdownDelay after SIGTERM, how long the service keeps serving while readiness already says NOT_SERVING
 * @param migrate whether {@code serve} runs the migrations before it starts
 */
public record OpsConfig(
    String adminHost,
    int adminPort,
    Duration healthInterval,
    Duration healthTimeout,
    Duration shutdownDelay,
    boolean migrate) {

  public OpsConfig withAdminPort(int port) {
    return new OpsConfig(adminHost, port, healthInterval, healthTimeout, shutdownDelay, migrate);
  }
}
