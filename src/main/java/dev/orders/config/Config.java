package dev.orders.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The service's whole configuration, read once from environment variables at start-up.
 * Every variable has a documented default (see README, "Configuration").
 */
public record Config(
    int grpcPort,
    String pgUrl,
    int pgPoolSize,
    Duration pgStatementTimeout,
    String redisUrl,
    int instances,
    Duration shutdownGrace) {

  public static final String DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/orders";
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

  public static Config fromEnv() {
    return fromEnv(System.getenv());
  }

  public static Config fromEnv(Map<String, String> env) {
    Reader r = new Reader(env);
    return new Config(
        r.integer("ORDERS_GRPC_PORT", 50051, 0, 65535),
        r.string("ORDERS_PG_URL", DEFAULT_PG_URL),
        r.integer("ORDERS_PG_POOL_SIZE", 16, 1, 1000),
        Duration.ofMillis(r.integer("ORDERS_PG_STATEMENT_TIMEOUT_MS", 5000, 0, 3_600_000)),
        r.string("ORDERS_REDIS_URL", DEFAULT_REDIS_URL),
        r.integer("ORDERS_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 1024),
        Duration.ofMillis(r.integer("ORDERS_SHUTDOWN_GRACE_MS", 10_000, 0, 600_000)));
  }

  public Config withGrpcPort(int port) {
    return new Config(port, pgUrl, pgPoolSize, pgStatementTimeout, redisUrl, instances, shutdownGrace);
  }

  public Config withPgUrl(String url) {
    return new Config(grpcPort, url, pgPoolSize, pgStatementTimeout, redisUrl, instances, shutdownGrace);
  }

  public Config withInstances(int n) {
    return new Config(grpcPort, pgUrl, pgPoolSize, pgStatementTimeout, redisUrl, n, shutdownGrace);
  }

  /** Reads typed values and names the variable when one is malformed. */
  private record Reader(Map<String, String> env) {
    String string(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String name, int fallback, int min, int max) {
      return parse(name, fallback, v -> {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
          throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
      });
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        return parser.apply(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
      }
    }
  }
}
