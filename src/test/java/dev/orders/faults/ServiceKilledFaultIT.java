package dev.orders.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.grpc.common.GrpcStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5 (and 6): the service SIGKILLed in the middle of a burst of CreateOrder, then started
 * again; the clients retry what got no answer with the same request_id.
 */
class ServiceKilledFaultIT {

  @Test
  void serviceKilledMidBurst_nothingAcknowledgedIsLost_andRetriesMakeOneOrderPerRequestId() throws Exception {
    try (Rig rig = Rig.start(Map.of())) {
      Driver driver = rig.loaded(2000, 16);
      long killedAt = driver.nowMs();
      rig.service.kill();
      long startedAt = driver.nowMs();
      rig.service.start();
      long readyAt = driver.nowMs();
      Thread.sleep(4000);
      driver.stop();

      Map<GrpcStatus, Long> around = driver.byStatus(killedAt - 1000, readyAt + 1000);
      long recoveredMs = driver.okSince(readyAt) - readyAt;
      assertTrue(recoveredMs <= 5000, "calls succeed again " + recoveredMs + " ms after the restart");
      assertTrue(driver.retriedAcks() > 0, "some CreateOrder was acknowledged after a retry");
      assertTrue(driver.unanswered.isEmpty(), "every request got an answer in the end: " + driver.unanswered);
      Report.scenario("5 service SIGKILLed mid-burst; 6 client retries", driver, Map.of(
          "around the kill", Driver.names(around),
          "restart to ready", (readyAt - startedAt) + " ms (JVM start, migration check, pools)",
          "all calls OK again after ready", recoveredMs + " ms"),
          rig.checkLedger(driver.acks));
    }
  }
}
