package dev.orders.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orders.testsupport.HealthProbe;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenario 1: Redis killed and started again under load. */
class RedisKilledFaultIT {

  private static final String HITS = "orders_cache_hits_total";

  @Test
  void redisKilledUnderLoad_noCallFails_andCacheHitsResumeAfterRestart() throws Exception {
    // near-cache off: repeated reads would be L1 hits and never reach Redis, whose loss and return this judges
    try (Rig rig = Rig.start(Map.of("ORDERS_L1_MAX_ENTRIES", "0"))) {
      Driver driver = rig.driver(2000).start(8);
      awaitHits(rig, "the cache serves hits before the fault", 0);

      long killedAt = driver.nowMs();
      rig.redis.stop();
      Thread.sleep(5000);
      double hitsWhileDown = rig.service.metric(HITS);
      rig.redis.restart(); // restart() of a stopped server: launches it again on the same port
      long restartedAt = driver.nowMs();
      long recoveredMs = awaitHits(rig, "cache hits resume", hitsWhileDown);
      Thread.sleep(2000);
      driver.stop();

      // from the kill on; the warm-up before it (a cold JVM on a busy machine) is reported, not judged
      Map<GrpcStatus, Long> all = driver.byStatus(killedAt, Long.MAX_VALUE);
      assertEquals(Set.of(GrpcStatus.OK), all.keySet(), "every call succeeds: " + Driver.names(all) + " "
          + driver.firstMessages);
      Report.scenario("1 Redis killed and restarted", driver, Map.of(
          "warm-up before the kill (not judged)", Driver.names(driver.byStatus(0, killedAt)),
          "Redis down", (restartedAt - killedAt) + " ms",
          "cache hits resumed after restart", recoveredMs + " ms"), rig.checkLedger(driver.acks));
    }
  }

  /** Waits for 100 hits more than {@code from}; how long it took. */
  private static long awaitHits(Rig rig, String what, double from) {
    try {
      return HealthProbe.millisUntil(what, 20_000, () -> rig.service.metric(HITS) > from + 100);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + rig.service.metrics("orders_cache"), e);
    }
  }
}
