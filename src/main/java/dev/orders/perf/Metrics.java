package dev.orders.perf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies and outcomes, written by the event loops (lock-free HdrHistogram recorders) and
 * read once a second by the reporter, which folds each interval into the run's totals.
 */
public final class Metrics {

  /** Latencies are recorded in microseconds up to an hour, to 3 significant digits. */
  static final long MAX_MICROS = 3_600_000_000L;
  public static final String DROPPED = "DROPPED";

  private final Map<Rpc, PerRpc> rpcs = new EnumMap<>(Rpc.class);
  private final AtomicLong inFlight = new AtomicLong();
  private final Recorder lag = new Recorder(MAX_MICROS, 3);
  private final Histogram lagTotal = new Histogram(MAX_MICROS, 3);
  private final Histogram overallTotal = new Histogram(MAX_MICROS, 3);
  private final List<Second> series = new ArrayList<>();
  private long lastErrors;

  /** One row of the per-second series; latencies in milliseconds. */
  public record Second(int t, long calls, long errors, double p50, double p90, double p95, double p99, double max,
                       long inFlight, double target) {}

  private static final class PerRpc {
    final Recorder interval = new Recorder(MAX_MICROS, 3);
    final Histogram total = new Histogram(MAX_MICROS, 3);
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  }

  public Metrics() {
    for (Rpc r : Rpc.values()) {
      rpcs.put(r, new PerRpc());
    }
  }

  public void started() {
    inFlight.incrementAndGet();
  }

  /** A call ended after {@code latencyNanos}; {@code errorStatus} is null on success. */
  public void finished(Rpc rpc, long latencyNanos, String errorStatus) {
    inFlight.decrementAndGet();
    PerRpc r = rpcs.get(rpc);
    r.interval.recordValue(Math.min(MAX_MICROS, Math.max(0, latencyNanos / 1000)));
    if (errorStatus != null) {
      r.errors.computeIfAbsent(errorStatus, k -> new LongAdder()).increment();
    }
  }

  /** An open-model arrival found no free slot (max in-flight reached) and was not sent. */
  public void dropped(Rpc rpc) {
    rpcs.get(rpc).errors.computeIfAbsent(DROPPED, k -> new LongAdder()).increment();
  }

  /** How late the open-model scheduler sent a call after its intended time (part of every latency). */
  public void lag(long nanos) {
    lag.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
  }

  public long inFlight() {
    return inFlight.get();
  }

  /** Called by the single reporter thread: closes one interval and appends it to the series. */
  public synchronized Second sample(int t, double target) {
    Histogram interval = new Histogram(MAX_MICROS, 3);
    for (PerRpc r : rpcs.values()) {
      Histogram h = r.interval.getIntervalHistogram();
      r.total.add(h);
      interval.add(h);
    }
    overallTotal.add(interval);
    lagTotal.add(lag.getIntervalHistogram());
    long errors = totalErrors();
    Second s = new Second(t, interval.getTotalCount(), errors - lastErrors, ms(interval, 50), ms(interval, 90),
        ms(interval, 95), ms(interval, 99), interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1000.0, inFlight.get(), target);
    lastErrors = errors;
    series.add(s);
    return s;
  }

  /** The final drain interval is often empty; an empty row at the end is not a measured second. */
  synchronized void dropEmptyTail() {
    if (!series.isEmpty() && series.get(series.size() - 1).calls() == 0 && series.get(series.size() - 1).errors() == 0) {
      series.remove(series.size() - 1);
    }
  }

  public synchronized List<Second> series() {
    return List.copyOf(series);
  }

  public synchronized Histogram histogram(Rpc rpc) {
    return rpcs.get(rpc).total.copy();
  }

  public synchronized Histogram overall() {
    return overallTotal.copy();
  }

  public synchronized Histogram lagHistogram() {
    return lagTotal.copy();
  }

  public Map<String, Long> errors(Rpc rpc) {
    Map<String, Long> out = new TreeMap<>();
    rpcs.get(rpc).errors.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long totalErrors() {
    return rpcs.values().stream().flatMap(r -> r.errors.values().stream()).mapToLong(LongAdder::sum).sum();
  }

  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
