package dev.orders.ops;

import static net.logstash.logback.argument.StructuredArguments.value;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A warning that happens once per call while a dependency is down: the first occurrence is logged
 * at once, the next ones are counted and reported by the first occurrence after the interval,
 * so an outage costs one line per interval, not one per call. Shared by every event loop.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong nextLineAt;

  public RateLimitedLog(Logger log, Duration interval) {
    this(log, interval, System::nanoTime);
  }

  RateLimitedLog(Logger log, Duration interval, LongSupplier nanoClock) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.nextLineAt = new AtomicLong(nanoClock.getAsLong());
  }

  /**
   * Counts one occurrence; logs {@code message} with a {@code count} field (the occurrences since
   * the previous line, this one included) when the interval has passed.
   */
  public void warn(String message, Object... fields) {
    pending.incrementAndGet();
    long now = nanoClock.getAsLong();
    long due = nextLineAt.get();
    if (now - due >= 0 && nextLineAt.compareAndSet(due, now + intervalNanos)) {
      Object[] withCount = Arrays.copyOf(fields, fields.length + 1);
      withCount[fields.length] = value("count", pending.getAndSet(0));
      log.warn(message + " ({} since the previous line)", withCount);
    }
  }
}
