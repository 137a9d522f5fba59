package dev.orders.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How late a timer fires on one event loop: a loop that runs a blocking or long task makes every
 * call it owns wait that long. Armed on the loop it measures, every {@link #PERIOD_MS}.
 */
final class EventLoopDelay {

  private static final long PERIOD_MS = 100;

  private final Vertx vertx;
  private final Timer delay;
  private long expected;
  private long timer;

  private EventLoopDelay(Vertx vertx, Timer delay) {
    this.vertx = vertx;
    this.delay = delay;
  }

  /** Call on the event loop to measure; the loop's thread name is its label. */
  static EventLoopDelay start(Vertx vertx, MeterRegistry registry) {
    Timer delay = Timer.builder("orders.event.loop.delay")
        .description("How late a periodic timer fired on this event loop")
        .tag("loop", Thread.currentThread().getName())
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1))
        .register(registry);
    EventLoopDelay probe = new EventLoopDelay(vertx, delay);
    probe.expected = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    probe.timer = vertx.setPeriodic(PERIOD_MS, id -> probe.tick());
    return probe;
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void tick() {
    long now = System.nanoTime();
    delay.record(Math.max(0, now - expected), TimeUnit.NANOSECONDS);
    expected = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
  }
}
