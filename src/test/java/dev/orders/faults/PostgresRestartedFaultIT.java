package dev.orders.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.testsupport.HealthProbe;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenario 3 (and 6: the driver retries CreateOrder with its request_id): PostgreSQL restarted under load. */
class PostgresRestartedFaultIT {

  private static final long DEADLINE_MS = 2000;
  /** "Fast": a call while the database is down fails well before its deadline. */
  private static final long FAST_MS = 1000;

  @Test
  void postgresRestartedUnderLoad_callsFailFastWhileDown_andSucceedWithin5sAfter_withoutAServiceRestart()
      throws Exception {
    try (Rig rig = Rig.start(Map.of())) {
      long pid = rig.service.pid();
      Driver driver = rig.loaded(DEADLINE_MS, 8);
      long stoppedAt = driver.nowMs();
      rig.pg.stop();
      long notReadyMs = HealthProbe.millisUntil("readiness NOT_SERVING", 5000, () -> !rig.service.ready());
      Thread.sleep(4000);
      long downTo = driver.nowMs();
      rig.pg.restart();
      long restartedAt = driver.nowMs();
      long readyMs = HealthProbe.millisUntil("readiness SERVING", 10_000, rig.service::ready);
      Thread.sleep(6000);
      driver.stop();

      // calls started once the database was gone (the first second: connections still closing)
      Map<GrpcStatus, Long> whileDown = driver.byStatus(stoppedAt + 1000, downTo);
      assertTrue(whileDown.keySet().stream().allMatch(s -> s == GrpcStatus.OK || s == GrpcStatus.UNAVAILABLE),
          "while down only UNAVAILABLE (or OK from the cache): " + whileDown);
      assertTrue(whileDown.containsKey(GrpcStatus.UNAVAILABLE), "the outage was seen: " + whileDown);
      Map<GrpcStatus, Long> all = driver.byStatus(0, Long.MAX_VALUE);
      assertEquals(Set.of(GrpcStatus.OK, GrpcStatus.UNAVAILABLE), all.keySet(), "never another status (INTERNAL"
          + " for a connection PostgreSQL closed, say): " + Driver.names(all));
      long slowest = driver.maxLatency(stoppedAt, downTo);
      assertTrue(slowest < FAST_MS, "slowest call while down: " + slowest + " ms");
      long recoveredMs = driver.okSince(restartedAt) - restartedAt;
      assertTrue(recoveredMs <= 5000, "calls succeed again " + recoveredMs + " ms after PostgreSQL is back");
      assertEquals(pid, rig.service.pid(), "the same service process");
      assertTrue(rig.service.alive());
      assertTrue(driver.retriedAcks() > 0, "some CreateOrder was acknowledged after a retry");
      Report.scenario("3 PostgreSQL restarted (down 5 s); 6 client retries", driver, Map.of(
          "while down", Driver.names(whileDown) + ", slowest " + slowest + " ms",
          "readiness NOT_SERVING after stop", notReadyMs + " ms",
          "PostgreSQL start (pg_ctl -w)", (restartedAt - downTo) + " ms",
          "readiness SERVING after PostgreSQL is started", readyMs + " ms",
          "all calls OK again after PostgreSQL is started", recoveredMs + " ms, same service PID"),
          rig.checkLedger(driver.acks));
    }
  }
}
