package dev.orders.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.testsupport.HealthProbe;
import io.vertx.grpc.common.GrpcStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4 (and 6): PostgreSQL frozen (postmaster and backends SIGSTOPped) for 10 s under load.
 * RESOURCE_EXHAUSTED is accepted beside DEADLINE_EXCEEDED and UNAVAILABLE: with every connection
 * stuck on the frozen server, a call that waits ORDERS_PG_POOL_WAIT_MS for one is refused that way
 * (docs/operations.md), before its deadline and before any write, so a retry is safe.
 */
class PostgresFrozenFaultIT {

  private static final long DEADLINE_MS = 2000;
  /** A call's end is observed by the client: its deadline plus scheduling on a busy 2-core machine. */
  private static final long SLACK_MS = 1000;
  private static final Set<GrpcStatus> ACCEPTED = EnumSet.of(GrpcStatus.OK, GrpcStatus.DEADLINE_EXCEEDED,
      GrpcStatus.UNAVAILABLE, GrpcStatus.RESOURCE_EXHAUSTED);

  @Test
  void postgresFrozenUnderLoad_callsEndAtTheirDeadline_andThePoolRecoversAfterThaw() throws Exception {
    try (Rig rig = Rig.start(Map.of())) {
      long pid = rig.service.pid();
      Driver driver = rig.loaded(DEADLINE_MS, 8);
      long frozenAt = driver.nowMs();
      rig.pg.freeze();
      try {
        Thread.sleep(10_000);
      } finally {
        rig.pg.thaw();
      }
      long thawedAt = driver.nowMs();
      Thread.sleep(8000);
      driver.stop();

      Map<GrpcStatus, Long> whileFrozen = driver.byStatus(frozenAt, thawedAt);
      assertTrue(ACCEPTED.containsAll(whileFrozen.keySet()), "while frozen: " + Driver.names(whileFrozen));
      long slowest = driver.maxLatency(frozenAt, thawedAt);
      assertTrue(slowest <= DEADLINE_MS + SLACK_MS, "slowest call while frozen: " + slowest + " ms");
      long recoveredMs = driver.okSince(thawedAt) - thawedAt;
      assertTrue(recoveredMs <= 5000, "calls succeed again " + recoveredMs + " ms after SIGCONT");
      long stuckMs = HealthProbe.millisUntil("no connection left busy", 10_000, () -> !busy(rig));
      assertEquals(pid, rig.service.pid(), "the same service process");
      Report.scenario("4 PostgreSQL frozen 10 s; 6 client retries", driver, Map.of(
          "while frozen", Driver.names(whileFrozen) + ", slowest " + slowest + " ms (deadline " + DEADLINE_MS + " ms)",
          "all calls OK again after SIGCONT", recoveredMs + " ms, same service PID",
          "busy pool connections after the load", "0 (" + stuckMs + " ms after it stopped)"),
          rig.checkLedger(driver.acks));
    }
  }

  private static boolean busy(Rig rig) {
    try {
      return rig.busyConnections() > 0;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
