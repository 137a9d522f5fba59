package dev.orders.perf;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A finished run: what was asked, what happened per call and overall, and the per-second series. */
public record RunResult(
    Info info,
    List<RpcStats> rpcs,
    RpcStats overall,
    List<Metrics.Second> series,
    Histogram overallHistogram,
    Map<String, Histogram> rpcHistograms,
    double lagP99Ms) {

  /** What ran against what. */
  public record Info(Instant startedAt, String target, String model, String profile, String scenario,
                     int connections, double seconds, String dataset, String server, String command) {}

  /** Latencies in milliseconds; {@code rate} is calls per second over the run's duration. */
  public record RpcStats(String name, long count, long errors, Map<String, Long> errorsByStatus, double rate,
                         double mean, double p50, double p90, double p95, double p99, double p999, double max) {

    public double errorRatio() {
      return count == 0 ? 0 : (double) errors / count;
    }

    static RpcStats of(String name, Histogram h, Map<String, Long> errorsByStatus, double seconds) {
      long errors = errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
      // dropped arrivals were never sent, so they have no latency but do count as calls
      long count = h.getTotalCount() + errorsByStatus.getOrDefault(Metrics.DROPPED, 0L);
      return new RpcStats(name, count, errors, Map.copyOf(errorsByStatus), count / seconds,
          h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0, Metrics.ms(h, 50), Metrics.ms(h, 90), Metrics.ms(h, 95),
          Metrics.ms(h, 99), Metrics.ms(h, 99.9), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0);
    }
  }

  public RpcStats rpc(String name) {
    return rpcs.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst().orElse(null);
  }
}
