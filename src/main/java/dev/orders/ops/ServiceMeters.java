package dev.orders.ops;

import dev.orders.cache.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's own meters beside Vert.x's (pools, JVM, uptime): the product cache's counters and
 * levels, the build. Counters are read from {@link CacheStats} at scrape time, so the cache pays nothing.
 */
final class ServiceMeters {

  private ServiceMeters() {}

  static void register(MeterRegistry registry, CacheStats cache) {
    counters(registry, cache);
    gauge(registry, "orders.cache.pending.writes", cache.pendingWrites,
        "Product ids whose write-through waits for Redis");
    gauge(registry, "orders.cache.redis.connections", cache.redisConnections,
        "Verticle instances holding a Redis connection");
    Gauge.builder("orders.cache.breakers", cache.breakersOpen, LongAdder::sum)
        .description("Verticle instances whose Redis circuit breaker is in this state (closed ones are not counted)")
        .tag("state", "open").register(registry);
    Gauge.builder("orders.cache.breakers", cache.breakersHalfOpen, LongAdder::sum)
        .description("Verticle instances whose Redis circuit breaker is in this state (closed ones are not counted)")
        .tag("state", "half_open").register(registry);
    Map<String, String> build = build();
    Gauge.builder("orders.build.info", () -> 1)
        .description("The running build; the value is always 1")
        .tags("version", build.get("version"), "commit", build.get("commit"))
        .register(registry);
  }

  private static void counters(MeterRegistry registry, CacheStats cache) {
    Map<String, LongAdder> counters = Map.ofEntries(
        Map.entry("hits", cache.hits),
        Map.entry("misses", cache.misses),
        Map.entry("negative.hits", cache.negativeHits),
        Map.entry("loads", cache.pgLoads),
        Map.entry("fills", cache.fills),
        Map.entry("write.throughs", cache.writeThroughs),
        Map.entry("redis.errors", cache.redisErrors),
        Map.entry("fallbacks", cache.fallbacks),
        Map.entry("undecodable", cache.undecodable),
        Map.entry("l1.hits", cache.l1Hits),
        Map.entry("l1.misses", cache.l1Misses),
        Map.entry("l1.evictions", cache.l1Evictions),
        Map.entry("l1.resubscriptions", cache.l1Resubscriptions));
    counters.forEach((name, adder) -> FunctionCounter.builder("orders.cache." + name, adder, LongAdder::sum)
        .description("Product cache " + name.replace('.', ' ') + " (docs/cache.md)")
        .register(registry));
  }

  private static void gauge(MeterRegistry registry, String name, LongAdder level, String description) {
    Gauge.builder(name, level, LongAdder::sum).description(description).register(registry);
  }

  /** version and commit from the build (orders-build.properties); "unknown" when built without them. */
  static Map<String, String> build() {
    Properties p = new Properties();
    try (InputStream in = ServiceMeters.class.getResourceAsStream("/orders-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // left empty: both values read "unknown"
    }
    return Map.of("version", known(p.getProperty("version")), "commit", known(p.getProperty("commit")));
  }

  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }
}
