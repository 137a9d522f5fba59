package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two load models against a slow in-process service. Assertions are on accounting
 * (exact counts, lower bounds a slow machine only makes larger), never on tight wall times.
 */
class LoadModelTest {

  private static final Scenario ONLY_GET = Scenario.parse("t", "weight.GetOrder=1");

  @Test
  void openModel_fastService_sendsEveryScheduledArrival() {
    LoadPlan plan = plan(LoadPlan.Model.OPEN, Profile.constant(200, Duration.ofSeconds(2)), 2, 10_000);
    RunResult r = LoadRunner.run(plan, SlowTarget.factory(0), "none", "test", s -> { });

    assertEquals(400, r.overall().count(), "200/s for 2 s is exactly 400 arrivals");
    assertEquals(0, r.overall().errors());
    assertEquals(200, r.overall().rate(), 200 * 0.2);
    long inSeries = r.series().stream().mapToLong(Metrics.Second::calls).sum();
    assertEquals(400, inSeries, "every call lands in exactly one second of the series");
  }

  @Test
  void openModel_saturatedService_latencyCountsFromIntendedTime() {
    // offered 100/s to a server that does 50/s: arrival k waits about k × 10 ms in its queue
    LoadPlan plan = plan(LoadPlan.Model.OPEN, Profile.constant(100, Duration.ofSeconds(2)), 1, 10_000);
    RunResult r = LoadRunner.run(plan, SlowTarget.factory(20), "none", "test", s -> { });

    assertEquals(200, r.overall().count());
    assertEquals(0, r.overall().errors());
    assertTrue(r.overall().max() >= 1000, "the last arrivals queued ~2 s, got max " + r.overall().max());
    assertTrue(r.overall().p50() >= 500, "half the calls queued behind ≥ 50 others, got p50 " + r.overall().p50());
  }

  @Test
  void openModel_senderStalls_lateCallsCarryTheStall() {
    // an instant service, but the first send freezes the lane for 300 ms (think GC pause):
    // the ~30 arrivals due meanwhile go out late, and their latency must say so
    LoadPlan plan = plan(LoadPlan.Model.OPEN, Profile.constant(100, Duration.ofSeconds(1)), 1, 10_000);
    Target.Factory stallOnce = vertx -> new SlowTarget(vertx, 0) {
      private boolean stalled;

      @Override
      public Calls.Sent send(Rpc rpc) {
        if (!stalled) {
          stalled = true;
          sleep(300);
        }
        return super.send(rpc);
      }
    };
    RunResult r = LoadRunner.run(plan, stallOnce, "none", "test", s -> { });

    assertEquals(100, r.overall().count());
    assertTrue(r.overall().max() >= 250, "the first late arrival waited ~290 ms, got max " + r.overall().max());
    assertTrue(r.overall().p90() >= 10, "≥ 20% of calls were sent late, got p90 " + r.overall().p90());
    assertTrue(r.lagP99Ms() >= 100, "the scheduler reports its own lag, got " + r.lagP99Ms());
  }

  @Test
  void closedModel_sameService_hidesTheQueue() {
    // one VU waits for each answer: it can never offer more than the service's 50/s
    LoadPlan plan = plan(LoadPlan.Model.CLOSED, Profile.constant(1, Duration.ofSeconds(2)), 1, 10_000);
    RunResult r = LoadRunner.run(plan, SlowTarget.factory(20), "none", "test", s -> { });

    assertTrue(r.overall().count() <= 101, "a serial VU at 20 ms per call, got " + r.overall().count());
    assertTrue(r.overall().p50() >= 20, "each call takes the service time at least");
  }

  @Test
  void openModel_beyondMaxInFlight_dropsAndCountsArrivals() {
    LoadPlan plan = plan(LoadPlan.Model.OPEN, Profile.constant(100, Duration.ofSeconds(1)), 1, 5);
    RunResult r = LoadRunner.run(plan, SlowTarget.factory(50), "none", "test", s -> { });

    Map<String, Long> errors = r.rpc("GetOrder").errorsByStatus();
    assertTrue(errors.getOrDefault(Metrics.DROPPED, 0L) > 0, "5 slots at 20/s service cannot hold 100/s: " + errors);
    assertEquals(100, r.overall().count(), "dropped arrivals still count as calls asked for");
    assertEquals(r.overall().errors(), errors.get(Metrics.DROPPED));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);   // deliberately blocks the lane's event loop: the stall under test
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static LoadPlan plan(LoadPlan.Model model, Profile profile, int connections, int maxInFlight) {
    return new LoadPlan("127.0.0.1", 1, connections, model, profile, ONLY_GET, maxInFlight, Duration.ofSeconds(10),
        java.util.Optional.empty());
  }
}
