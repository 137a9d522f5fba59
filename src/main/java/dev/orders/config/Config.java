package dev.orders.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    Duration pgPoolWait,
    String redisUrl,
    int instances,
    Duration shutdownGrace,
    CacheConfig cache,
    SecurityConfig security,
    TransportConfig transport,
    LogConfig logs,
    OpsConfig ops,
    InventoryConfig inventory,
    ResilienceConfig resilience,
    NearCacheConfig nearCache) {

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
        Duration.ofMillis(r.integer("ORDERS_PG_POOL_WAIT_MS", 5000, 1, 600_000)),
        r.string("ORDERS_REDIS_URL", DEFAULT_REDIS_URL),
        r.integer("ORDERS_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 1024),
        Duration.ofMillis(r.integer("ORDERS_SHUTDOWN_GRACE_MS", 10_000, 0, 600_000)),
        new CacheConfig(
            CacheConfig.Mode.parse(r.string("ORDERS_REDIS_MODE", "standalone")),
            r.string("ORDERS_REDIS_MASTER_NAME", "mymaster"),
            Duration.ofMillis(r.integer("ORDERS_REDIS_TIMEOUT_MS", 50, 1, 60_000)),
            Duration.ofSeconds(r.integer("ORDERS_CACHE_TTL_SECONDS", 3600, 1, 30 * 86_400)),
            Duration.ofSeconds(r.integer("ORDERS_CACHE_NEGATIVE_TTL_SECONDS", 60, 1, 86_400)),
            r.string("ORDERS_CACHE_KEY_PREFIX", "")),
        new SecurityConfig(
            SecurityConfig.Mode.parse(r.string("ORDERS_AUTH", "jwt")),
            r.optional("ORDERS_AUTH_HS256_SECRET"),
            r.optional("ORDERS_AUTH_PUBLIC_KEYS_FILE").map(Path::of),
            r.optional("ORDERS_AUTH_JWKS_FILE").map(Path::of),
            Duration.ofSeconds(r.integer("ORDERS_AUTH_CLOCK_SKEW_SECONDS", 30, 0, 3600)),
            r.optional("ORDERS_AUTH_ISSUER"),
            r.optional("ORDERS_AUTH_AUDIENCE"),
            r.string("ORDERS_AUTH_ROLES_CLAIM", "roles"),
            r.string("ORDERS_AUTH_ADMIN_ROLE", "admin"),
            r.bool("ORDERS_REFLECTION", true)),
        new TransportConfig(
            TransportConfig.tls(r.string("ORDERS_TLS_CERT_FILE", ""), r.string("ORDERS_TLS_KEY_FILE", ""),
                r.string("ORDERS_TLS_CLIENT_CA_FILE", "")),
            Duration.ofSeconds(r.integer("ORDERS_TLS_RELOAD_SECONDS", 10, 1, 86_400)),
            r.bool("ORDERS_GRPC_WEB", false),
            r.list("ORDERS_CORS_ORIGINS"),
            Duration.ofSeconds(r.integer("ORDERS_IDLE_TIMEOUT_SECONDS", 300, 0, 86_400)),
            r.integer("ORDERS_MAX_HEADER_BYTES", 16_384, 1024, 1024 * 1024)),
        new LogConfig(
            LogConfig.parseFormat(r.string("ORDERS_LOG_FORMAT", "")),
            LogConfig.parseLevel(r.string("ORDERS_LOG_LEVEL", "info")),
            r.bool("ORDERS_ACCESS_LOG", false)),
        new OpsConfig(
            r.string("ORDERS_ADMIN_HOST", "127.0.0.1"),
            r.integer("ORDERS_ADMIN_PORT", 9090, 0, 65535),
            Duration.ofMillis(r.integer("ORDERS_HEALTH_INTERVAL_MS", 1000, 50, 60_000)),
            Duration.ofMillis(r.integer("ORDERS_HEALTH_TIMEOUT_MS", 1000, 10, 60_000)),
            Duration.ofMillis(r.integer("ORDERS_SHUTDOWN_DELAY_MS", 2000, 0, 600_000)),
            r.bool("ORDERS_MIGRATE", true)),
        new InventoryConfig(
            Duration.ofSeconds(r.integer("ORDERS_PENDING_TIMEOUT_SECONDS", 1800, 0, 365 * 86_400)),
            r.integer("ORDERS_MAX_PENDING_PER_USER", 50, 1, 1_000_000)),
        new ResilienceConfig(
            Duration.ofMillis(r.integer("ORDERS_DEFAULT_DEADLINE_MS", 10_000, 1, 3_600_000)),
            r.integer("ORDERS_MAX_INFLIGHT", 1024, 1, 1_000_000),
            Duration.ofMillis(r.integer("ORDERS_PG_IDLE_TIMEOUT_MS", 60_000, 0, 86_400_000)),
            Duration.ofMillis(r.integer("ORDERS_PG_MAX_LIFETIME_MS", 1_800_000, 0, 86_400_000)),
            Duration.ofMillis(r.integer("ORDERS_REDIS_CONNECT_TIMEOUT_MS", 1000, 1, 60_000))),
        new NearCacheConfig(
            r.integer("ORDERS_L1_MAX_ENTRIES", 10_000, 0, 10_000_000),
            Duration.ofSeconds(r.integer("ORDERS_L1_TTL_SECONDS", 30, 0, 86_400))));
  }

  /** The Redis endpoints: one URL, or several separated by commas (Sentinel, Cluster seeds). */
  public List<String> redisEndpoints() {
    return Arrays.stream(redisUrl.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public Config withGrpcPort(int port) {
    return new Config(port, pgUrl, pgPoolSize, pgStatementTimeout, pgPoolWait, redisUrl, instances, shutdownGrace, cache, security, transport, logs, ops, inventory, resilience, nearCache);
  }

  public Config withPgUrl(String url) {
    return new Config(grpcPort, url, pgPoolSize, pgStatementTimeout, pgPoolWait, redisUrl, instances, shutdownGrace, cache, security, transport, logs, ops, inventory, resilience, nearCache);
  }

  public Config withInstances(int n) {
    return new Config(grpcPort, pgUrl, pgPoolSize, pgStatementTimeout, pgPoolWait, redisUrl, n, shutdownGrace, cache, security, transport, logs, ops, inventory, resilience, nearCache);
  }

  public Config withRedisUrl(String url) {
    return new Config(grpcPort, pgUrl, pgPoolSize, pgStatementTimeout, pgPoolWait, url, instances, shutdownGrace, cache, security, transport, logs, ops, inventory, resilience, nearCache);
  }

  public Config withCache(CacheConfig c) {
    return new Config(grpcPort, pgUrl, pgPoolSize, pgStatementTimeout, pgPoolWait, redisUrl, instances, shutdownGrace, c, security, transport, logs, ops, inventory, resilience, nearCache);
  }

  public Config withSecurity(SecurityConfig s) {
    return new Config(grpcPort, pgUrl, pgPoolSize, pgStatementTimeout, pgPoolWait, redisUrl, instances, shutdownGrace, cache, s, transport, logs, ops, inventory, resilience, nearCache);
  }

  public Config withOps(OpsConfig o) {
    return new Config(grpcPort, pgUrl, pgPoolSize, pgStatementTimeout, pgPoolWait, redisUrl, instances, shutdownGrace, cache, security, transport, logs, o, inventory, resilience, nearCache);
  }

  /** What may be printed: the URLs without their passwords, the security settings without the HS256 secret. */
  @Override
  public String toString() {
    return "Config[grpcPort=" + grpcPort + ", pgUrl=" + Redact.url(pgUrl) + ", pgPoolSize=" + pgPoolSize
        + ", pgStatementTimeout=" + pgStatementTimeout + ", pgPoolWait=" + pgPoolWait + ", redisUrl=" + Redact.url(redisUrl)
        + ", instances=" + instances + ", shutdownGrace=" + shutdownGrace + ", cache=" + cache
        + ", auth=" + security.auth() + (security.hs256Secret().isPresent() ? " (HS256 secret " + Redact.HIDDEN + ")" : "")
        + ", transport=" + transport + ", logs=" + logs + ", ops=" + ops + ", inventory=" + inventory + ", resilience=" + resilience + ", nearCache=" + nearCache + "]";
  }

  /** Reads typed values and names the variable when one is malformed. */
  private record Reader(Map<String, String> env) {
    String string(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    Optional<String> optional(String name) {
      return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    boolean bool(String name, boolean fallback) {
      String v = string(name, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
      }
      return Boolean.parseBoolean(v);
    }

    List<String> list(String name) {
      return Arrays.stream(string(name, "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
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
