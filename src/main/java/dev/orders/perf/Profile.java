package dev.orders.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The target over time: VUs (closed model) or arrivals per second (open model). A list of
 * linear stages, k6's {@code 30s:100,1m:100,30s:0}: each ramps from the previous stage's
 * target (the first from 0) to its own. A constant load is one flat stage.
 */
public record Profile(List<Stage> stages) {

  /** Ramp to {@code target} over {@code duration}. */
  public record Stage(Duration duration, double target) {}

  public Profile {
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a profile needs at least one stage");
    }
  }

  public static Profile constant(double target, Duration duration) {
    // a first zero-length stage jumps straight to the target instead of ramping from 0
    return new Profile(List.of(new Stage(Duration.ZERO, target), new Stage(duration, target)));
  }

  /** Parses {@code 30s:100,1m:100,30s:0}. */
  public static Profile parse(String text) {
    List<Stage> stages = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split(":");
      if (kv.length != 2) {
        throw new IllegalArgumentException("stage '" + part.trim() + "' is not duration:target (e.g. 30s:100)");
      }
      double target;
      try {
        target = Double.parseDouble(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("stage '" + part.trim() + "': target '" + kv[1].trim() + "' is not a number");
      }
      if (target < 0) {
        throw new IllegalArgumentException("stage '" + part.trim() + "': target must not be negative");
      }
      stages.add(new Stage(Durations.parse(kv[0]), target));
    }
    Profile p = new Profile(stages);
    if (p.totalNanos() == 0) {
      throw new IllegalArgumentException("stages '" + text + "' last no time at all");
    }
    return p;
  }

  public long totalNanos() {
    return stages.stream().mapToLong(s -> s.duration().toNanos()).sum();
  }

  public double peak() {
    return stages.stream().mapToDouble(Stage::target).max().orElse(0);
  }

  /** The target at {@code t} nanoseconds after the start; 0 after the end. */
  public double valueAt(long t) {
    double from = 0;
    long start = 0;
    for (Stage s : stages) {
      long d = s.duration().toNanos();
      if (t < start + d) {
        return from + (s.target() - from) * (t - start) / d;
      }
      start += d;
      from = s.target();
    }
    return t == start ? from : 0;
  }

  /** Expected arrivals in [0, t) for a rate profile: the integral of the rate (per second). */
  public double arrivalsBy(long t) {
    double from = 0;
    long start = 0;
    double sum = 0;
    for (Stage s : stages) {
      long d = s.duration().toNanos();
      long x = Math.min(Math.max(t - start, 0), d);
      if (d > 0 && x > 0) {
        double end = from + (s.target() - from) * x / d;
        sum += (from + end) / 2 * x / 1e9;   // trapezoid
      }
      start += d;
      from = s.target();
    }
    return sum;
  }

  /**
   * When the k-th arrival (0-based) is due: the first t with arrivalsBy(t) >= k, or -1 if
   * the profile ends first. arrivalsBy is non-decreasing, so a binary search finds it.
   */
  public long timeOfArrival(long k) {
    long hi = totalNanos();
    // the k-th arrival exists only if the whole area exceeds k: with a ramp down to 0 the area
    // reaches k only at (or, by rounding, a hair before) the end, which belongs to no second
    if (arrivalsBy(hi) < k + 1e-6) {
      return -1;
    }
    long lo = 0;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (arrivalsBy(mid) >= k) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo < totalNanos() ? lo : -1;   // an arrival due exactly at the end belongs to no second of the run
  }
}
