package dev.orders.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.testsupport.HealthProbe;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenario 2: Redis frozen (SIGSTOP) for 5 s under load. */
class RedisFrozenFaultIT {

  private static final long DEADLINE_MS = 2000;

  @Test
  void redisFrozenUnderLoad_callsSucceedFromPostgresWithinTheirDeadlines_andNoInvalidationStaysPending()
      throws Exception {
    try (Rig rig = Rig.start(Map.of())) {
      Driver driver = rig.loaded(DEADLINE_MS, 8);
      long frozenAt = driver.nowMs();
      rig.redis.freeze();
      try {
        Thread.sleep(5000);
      } finally {
        rig.redis.thaw();
      }
      long thawedAt = driver.nowMs();
      Thread.sleep(3000);
      driver.stop();
      long drainedMs = HealthProbe.millisUntil("no invalidation pending", 15_000,
          () -> rig.service.metric("orders_cache_pending_invalidations") == 0);

      // from the freeze on; the warm-up before it (a cold JVM on a busy machine) is reported, not judged
      Map<GrpcStatus, Long> all = driver.byStatus(frozenAt, Long.MAX_VALUE);
      assertEquals(Set.of(GrpcStatus.OK), all.keySet(), "every call succeeds: " + Driver.names(all) + " "
          + driver.firstMessages);
      long slowest = driver.maxLatency(frozenAt, thawedAt);
      assertTrue(slowest < DEADLINE_MS, "slowest call while frozen: " + slowest + " ms");
      Report.scenario("2 Redis frozen 5 s", driver, Map.of(
          "warm-up before the freeze (not judged)", Driver.names(driver.byStatus(0, frozenAt)),
          "slowest call while frozen", slowest + " ms (deadline " + DEADLINE_MS + " ms)",
          "p99 of calls while frozen", driver.okP99(frozenAt, thawedAt) + " ms",
          "pending invalidations back to 0", drainedMs + " ms after the load stopped"),
          rig.checkLedger(driver.acks));
    }
  }
}
