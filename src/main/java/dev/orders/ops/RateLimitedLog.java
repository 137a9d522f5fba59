package dev.orders.ops;

import static net.logstash.logback.argument.StructuredArguments.value;

import java.time.Duration;
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
      log.warn(message + " ({} since the previous line)", withCount(message, fields, pending.getAndSet(0)));
    }
  }

  /** The count goes to the placeholder after the message's own; fields beyond them stay JSON-only. */
  private static Object[] withCount(String message, Object[] fields, long count) {
    int placeholders = message.split("\\{}", -1).length - 1;
    int at = Math.min(placeholders, fields.length);
    Object[] all = new Object[fields.length + 1];
    System.arraycopy(fields, 0, all, 0, at);
    all[at] = value("count", count);
    System.arraycopy(fields, at, all, at + 1, fields.length - at);
    return all;
  }
}
