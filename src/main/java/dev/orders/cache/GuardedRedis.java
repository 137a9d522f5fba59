package dev.orders.cache;

import static net.logstash.logback.argument.StructuredArguments.value;

import dev.orders.config.CacheConfig;
import dev.orders.config.Config;
import dev.orders.ops.RateLimitedLog;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * A guarded Redis connection: the round trips the product cache needs — a multi-key read and a
 * pipelined write — on one connection per verticle instance that every concurrent call pipelines
 * over (the pooled client would take a connection per command and run out at high concurrency).
 * It knows nothing of products or keys; {@code ProductCache} is the cache.
 *
 * <p>Never a reason for a failed call: every round trip is bounded by ORDERS_REDIS_TIMEOUT_MS and
 * goes through a circuit breaker, so when Redis is down, refusing or hung, callers get a failed
 * future quickly and fall back to PostgreSQL; the breaker probes again and caching resumes
 * without a restart.
 *
 * <p>In Cluster mode keys of one request live on different nodes: reads and writes are grouped by
 * node and sent as one pipelined batch per node, in parallel. (The 5.0.7 client's own cross-slot
 * MGET splits per slot and concatenates the replies in slot order, losing the key order.)
 */
public final class GuardedRedis {

  private final Redis redis;
  private final CacheConfig config;
  private final CircuitBreaker breaker;
  private final CacheStats stats;
  private static final long RECONNECT_INTERVAL_MS = 250;
  private static final RuntimeException NOT_CONNECTED = new NotConnected();
  private static final RateLimitedLog FAILING =
      new RateLimitedLog(LoggerFactory.getLogger(GuardedRedis.class), Duration.ofSeconds(10));

  private static final class NotConnected extends RuntimeException {
    NotConnected() {
      super("no Redis connection (yet)", null, false, false);
    }
  }

  /** The latest connect attempt: pending, the held connection, or failed (then retried on use). */
  private Future<RedisConnection> connection = Future.failedFuture(NOT_CONNECTED);
  private long lastConnectAttempt;

  private GuardedRedis(Redis redis, CacheConfig config, CircuitBreaker breaker, CacheStats stats) {
    this.redis = redis;
    this.config = config;
    this.breaker = breaker;
    this.stats = stats;
  }

  /** Builds the client and the breaker; connects nothing until {@link #connect()}. */
  public static GuardedRedis create(Vertx vertx, Config config, CacheStats stats) {
    CircuitBreaker breaker = CircuitBreaker.create("orders-redis", vertx, new CircuitBreakerOptions()
        .setTimeout(config.cache().timeout().toMillis())
        .setMaxFailures(5)
        .setResetTimeout(1000)
        .setNotificationAddress(null));
    breaker.openHandler(v -> stats.redis.down("circuit breaker open after repeated failures or timeouts"))
        .closeHandler(v -> stats.redis.up());
    return new GuardedRedis(Redis.createClient(vertx, options(config)), config.cache(), breaker, stats);
  }

  /**
   * Starts connecting on the caller's event loop. The future tells how this attempt went; nobody
   * has to wait for it: until it succeeds calls fail fast (and fall back), and a failed or lost
   * connection is made again in the background when calls need it.
   */
  public Future<Void> connect() {
    lastConnectAttempt = System.currentTimeMillis();
    connection = redis.connect().onSuccess(conn -> {
      stats.redis.up();
      conn.exceptionHandler(err -> drop(conn));
      conn.endHandler(v -> drop(conn));
    }).onFailure(err -> stats.redis.down(String.valueOf(err.getMessage())));
    return connection.mapEmpty();
  }

  /** Values of {@code keys} in the same order; null where a key is absent. One round trip (per node in Cluster). */
  public Future<List<Buffer>> getAll(List<String> keys) {
    if (config.mode() != CacheConfig.Mode.CLUSTER) {
      Request mget = Request.cmd(Command.MGET);
      keys.forEach(mget::arg);
      return guarded(conn -> conn.send(mget).map(GuardedRedis::buffers));
    }
    List<Request> gets = keys.stream().map(k -> Request.cmd(Command.GET).arg(k)).toList();
    return guarded(conn -> perNode(conn, gets)).map(GuardedRedis::buffers);
  }

  /** Sends all writes in one pipelined round trip (one per node in Cluster). */
  public Future<Void> pipeline(List<Request> writes) {
    if (writes.isEmpty()) {
      return Future.succeededFuture();
    }
    if (config.mode() != CacheConfig.Mode.CLUSTER) {
      return guarded(conn -> conn.batch(writes)).mapEmpty();
    }
    return guarded(conn -> perNode(conn, writes)).mapEmpty();
  }

  public boolean breakerOpen() {
    return breaker.state() != io.vertx.circuitbreaker.CircuitBreakerState.CLOSED;
  }

  public Future<Void> close() {
    connection = Future.failedFuture(NOT_CONNECTED); // closing is not losing the connection: no "down" line
    breaker.close();
    return redis.close();
  }

  private <T> Future<T> guarded(java.util.function.Function<RedisConnection, Future<T>> command) {
    return breaker.<T>execute(() -> onConnection(command))
        .onFailure(err -> {
          stats.redisErrors.increment();
          FAILING.warn("Redis round trips failing, reads fall back to PostgreSQL; the last: {}", value("error", err.toString()));
        });
  }

  /** Replies in request order, whichever node answered which request. */
  private Future<List<Response>> perNode(RedisConnection conn, List<Request> requests) {
    return RedisCluster.create(conn).groupByNodes(requests).compose(grouping -> {
      List<List<Request>> groups = new ArrayList<>(grouping.getKeyed());
      if (!grouping.getUnkeyed().isEmpty()) {
        groups.add(grouping.getUnkeyed());
      }
      List<Future<List<Response>>> sent = groups.stream().map(conn::batch).toList();
      return Future.all(sent).map(done -> {
        Map<Request, Response> byRequest = new IdentityHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
          List<Response> replies = sent.get(g).result();
          for (int i = 0; i < replies.size(); i++) {
            byRequest.put(groups.get(g).get(i), replies.get(i));
          }
        }
        return requests.stream().map(byRequest::get).toList();
      });
    });
  }

  /**
   * The held connection. A call never waits for a connection to be made: without one it fails at
   * once (the read falls back to PostgreSQL) and, if the last attempt failed, a new one starts in
   * the background, at most one per {@link #RECONNECT_INTERVAL_MS}. The command is sent on the
   * caller's context, not through {@code connection.compose}, which would hop to the context that
   * connected: the call's trace would not reach the Redis span.
   */
  private <T> Future<T> onConnection(java.util.function.Function<RedisConnection, Future<T>> command) {
    if (connection.succeeded()) {
      return command.apply(connection.result());
    }
    if (connection.failed() && System.currentTimeMillis() - lastConnectAttempt >= RECONNECT_INTERVAL_MS) {
      connect();
    }
    return Future.failedFuture(NOT_CONNECTED);
  }

  private void drop(RedisConnection conn) {
    if (connection.succeeded() && connection.result() == conn) {
      stats.redis.down("connection lost");
      connection = Future.failedFuture(NOT_CONNECTED);
      conn.close();
    }
  }

  private static List<Buffer> buffers(Iterable<Response> replies) {
    List<Buffer> values = new ArrayList<>();
    for (Response r : replies) {
      values.add(r == null ? null : r.toBuffer());
    }
    return values;
  }

  private static RedisOptions options(Config config) {
    CacheConfig cache = config.cache();
    RedisOptions options = new RedisOptions()
        .setMaxPoolSize(4)
        .setMaxPoolWaiting(64)
        // every concurrent call pipelines over the held connection; this bounds the backlog
        .setMaxWaitingHandlers(8192)
        .setPoolName("orders-cache")
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout(1000)
            .setTcpKeepAlive(true)
            .setTcpNoDelay(true));
    config.redisEndpoints().forEach(options::addConnectionString);
    switch (cache.mode()) {
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setMasterName(cache.masterName()).setRole(RedisRole.MASTER);
      case CLUSTER -> options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
      case STANDALONE -> options.setType(RedisClientType.STANDALONE);
    }
    return options;
  }
}
