package dev.orders.cache;

import static net.logstash.logback.argument.StructuredArguments.value;

import dev.orders.config.CacheConfig;
import dev.orders.config.Config;
import dev.orders.ops.RateLimitedLog;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
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
 * without a restart. It probes on its own timer, so an idle instance recovers too. A connect,
 * handshake included, is bounded by ORDERS_REDIS_CONNECT_TIMEOUT_MS. A hung Redis keeps the socket
 * open and answers nothing, so after {@link #TIMEOUTS_BEFORE_RENEWAL} timeouts in a row, with no
 * answer for {@link #SILENCE_BEFORE_RENEWAL_MS}, the client is closed (with every socket it holds)
 * and a new one connects in the background.
 *
 * <p>Writes go in batches of at most {@link #MAX_BATCH}, one after another, and at most
 * {@link #MAX_WRITE_BATCHES} at once: the 5.0.7 client refuses a batch larger than the free slots
 * of its waiting queue ("Redis waiting queue is full").
 *
 * <p>In Cluster mode keys of one request live on different nodes: reads and writes are grouped by
 * node and sent as one pipelined batch per node, in parallel. (The 5.0.7 client's own cross-slot
 * MGET splits per slot and concatenates the replies in slot order, losing the key order.)
 */
public final class GuardedRedis {

  /** Writes per round trip; several such batches at once still fit {@link #MAX_WAITING_HANDLERS}. */
  public static final int MAX_BATCH = 512;
  static final int TIMEOUTS_BEFORE_RENEWAL = 3;
  /** Renewal also needs this long without any answer: a Redis slow under a burst still answers. */
  private static final long SILENCE_BEFORE_RENEWAL_MS = 1000;
  private static final int MAX_WAITING_HANDLERS = 8192;
  private static final int MAX_WRITE_BATCHES = MAX_WAITING_HANDLERS / 2 / MAX_BATCH;
  private static final long RECONNECT_INTERVAL_MS = 250;
  /** Also how long the breaker stays open before it lets one call (or the probe) through. */
  private static final long PROBE_INTERVAL_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(GuardedRedis.class);

  private final Vertx vertx;
  private final RedisOptions options;
  private final CacheConfig config;
  private final Duration connectTimeout;
  private final CircuitBreaker breaker;
  private final CacheStats stats;
  /** Replaced by a new client after repeated timeouts (see {@link #renew()}). */
  private Redis redis;
  private int timeoutsInARow;
  private long lastAnswer;
  private long probeTimer = -1;
  private int writeBatchesInFlight;
  private final Deque<Promise<Void>> writeTurns = new ArrayDeque<>();
  private static final RuntimeException NOT_CONNECTED = new NotConnected();
  private static final RateLimitedLog FAILING = new RateLimitedLog(LOG, Duration.ofSeconds(10));

  private static final class NotConnected extends RuntimeException {
    NotConnected() {
      super("no Redis connection (yet)", null, false, false);
    }
  }

  /** The latest connect attempt: pending, the held connection, or failed (then retried on use). */
  private Future<RedisConnection> connection = Future.failedFuture(NOT_CONNECTED);
  private long lastConnectAttempt;
  private CircuitBreakerState reportedBreakerState = CircuitBreakerState.CLOSED;

  private GuardedRedis(Vertx vertx, Config config, CircuitBreaker breaker, CacheStats stats) {
    this.vertx = vertx;
    this.options = options(config);
    this.config = config.cache();
    this.connectTimeout = config.resilience().redisConnectTimeout();
    this.breaker = breaker;
    this.stats = stats;
    this.redis = Redis.createClient(vertx, options);
  }

  /** Builds the client and the breaker; connects nothing until {@link #connect()}. */
  public static GuardedRedis create(Vertx vertx, Config config, CacheStats stats) {
    CircuitBreaker breaker = CircuitBreaker.create("orders-redis", vertx, new CircuitBreakerOptions()
        .setTimeout(config.cache().timeout().toMillis())
        .setMaxFailures(5)
        .setResetTimeout(PROBE_INTERVAL_MS)
        .setNotificationAddress(null));
    GuardedRedis guarded = new GuardedRedis(vertx, config, breaker, stats);
    breaker.openHandler(v -> {
      guarded.breakerMoved(CircuitBreakerState.OPEN);
      stats.redis.down("circuit breaker open after repeated failures or timeouts");
    }).halfOpenHandler(v -> guarded.breakerMoved(CircuitBreakerState.HALF_OPEN))
        .closeHandler(v -> {
          guarded.breakerMoved(CircuitBreakerState.CLOSED);
          stats.redis.up();
        });
    return guarded;
  }

  /**
   * Starts connecting on the caller's event loop. The future tells how this attempt went; nobody
   * has to wait for it: until it succeeds calls fail fast (and fall back), and a failed or lost
   * connection is made again in the background when calls or the probe need it.
   */
  public Future<Void> connect() {
    if (probeTimer == -1) {
      probeTimer = vertx.setPeriodic(PROBE_INTERVAL_MS, t -> probe());
    }
    lastConnectAttempt = System.currentTimeMillis();
    Future<RedisConnection> attempt = redis.connect();
    connection = attempt.timeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS).andThen(made -> {
      if (made.succeeded()) {
        RedisConnection conn = made.result();
        stats.redis.up();
        stats.redisConnections.increment();
        conn.exceptionHandler(err -> drop(conn));
        conn.endHandler(v -> drop(conn));
      } else {
        attempt.onSuccess(RedisConnection::close); // the handshake ended after we stopped waiting
        stats.redis.down(String.valueOf(made.cause().getMessage()));
        countTimeout(made.cause());
      }
    });
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

  /**
   * Sends the writes pipelined, in batches of at most {@link #MAX_BATCH} one after another (one
   * per node in Cluster); fails at the first batch that fails, the earlier ones were applied. A
   * batch Redis refuses with NOSCRIPT (its script cache was emptied: a restart, a failover) is sent
   * once more as {@code ifNoScript} gives it, write by write (EVAL instead of EVALSHA: EVAL loads
   * the script); script calls must therefore be safe to apply twice.
   */
  public Future<Void> pipeline(List<Request> writes, IntFunction<Request> ifNoScript) {
    return pipelineFrom(writes, ifNoScript, 0);
  }

  private Future<Void> pipelineFrom(List<Request> writes, IntFunction<Request> ifNoScript, int from) {
    if (from >= writes.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(from + MAX_BATCH, writes.size());
    List<Request> batch = writes.subList(from, to);
    return writeTurn()
        .compose(turn -> guarded(conn -> send(conn, batch).recover(err -> isNoScript(err)
            ? send(conn, IntStream.range(from, to).mapToObj(ifNoScript).toList())
            : Future.failedFuture(err))))
        .andThen(done -> endWriteTurn())
        .compose(v -> pipelineFrom(writes, ifNoScript, to));
  }

  private Future<List<Response>> send(RedisConnection conn, List<Request> batch) {
    return config.mode() == CacheConfig.Mode.CLUSTER ? perNode(conn, batch) : conn.batch(batch);
  }

  private static boolean isNoScript(Throwable err) {
    // a failed batch says which command: "ERR [0] NOSCRIPT No matching script..."
    return err.getMessage() != null && err.getMessage().contains("NOSCRIPT");
  }

  /**
   * At most {@link #MAX_WRITE_BATCHES} write batches in flight: concurrent fills then fill half the
   * client's waiting queue at most, and reads keep the rest. Waiting for a turn is outside the
   * breaker: a burst of fills is not a Redis failure.
   */
  private Future<Void> writeTurn() {
    if (writeBatchesInFlight < MAX_WRITE_BATCHES) {
      writeBatchesInFlight++;
      return Future.succeededFuture();
    }
    Promise<Void> turn = Promise.promise();
    writeTurns.add(turn);
    return turn.future();
  }

  private void endWriteTurn() {
    Promise<Void> next = writeTurns.poll();
    if (next == null) {
      writeBatchesInFlight--;
    } else {
      next.complete(); // the turn passes on
    }
  }

  /** Open: calls are refused without trying Redis. (Half-open lets one through, closed all.) */
  public boolean breakerOpen() {
    return breaker.state() == CircuitBreakerState.OPEN;
  }

  public Future<Void> close() {
    vertx.cancelTimer(probeTimer);
    breakerMoved(CircuitBreakerState.CLOSED); // the instance leaves the process-wide levels
    if (connection.succeeded()) {
      stats.redisConnections.decrement();
    }
    connection = Future.failedFuture(NOT_CONNECTED); // closing is not losing the connection: no "down" line
    breaker.close();
    return redis.close();
  }

  /** Keeps the process-wide breaker levels in {@link CacheStats} true for this instance. */
  private void breakerMoved(CircuitBreakerState state) {
    adjust(reportedBreakerState, -1);
    adjust(state, 1);
    reportedBreakerState = state;
  }

  private void adjust(CircuitBreakerState state, int delta) {
    switch (state) {
      case OPEN -> stats.breakersOpen.add(delta);
      case HALF_OPEN -> stats.breakersHalfOpen.add(delta);
      case CLOSED -> { } // the normal state: the levels count the others
    }
  }

  private <T> Future<T> guarded(Function<RedisConnection, Future<T>> command) {
    // an answer counts even when it comes after the breaker stopped waiting: Redis is busy, not hung
    return breaker.<T>execute(() -> onConnection(command).onSuccess(v -> lastAnswer = System.currentTimeMillis()))
        .onSuccess(v -> timeoutsInARow = 0)
        .onFailure(err -> {
          stats.redisErrors.increment();
          FAILING.warn("Redis round trips failing, reads fall back to PostgreSQL; the last: {}", value("error", err.toString()));
          countTimeout(err);
        });
  }

  /** When the breaker lets a call through, a PING tries Redis, so recovery needs no traffic. */
  private void probe() {
    if (breaker.state() == CircuitBreakerState.HALF_OPEN) {
      guarded(conn -> conn.send(Request.cmd(Command.PING)));
    }
  }

  private void countTimeout(Throwable err) {
    boolean timedOut = err instanceof io.vertx.circuitbreaker.TimeoutException || err instanceof TimeoutException;
    if (timedOut && ++timeoutsInARow >= TIMEOUTS_BEFORE_RENEWAL
        && System.currentTimeMillis() - lastAnswer >= SILENCE_BEFORE_RENEWAL_MS) {
      renew();
    }
  }

  /**
   * A hung Redis keeps its sockets open; closing a pooled connection would only put it back in the
   * pool. Closing the client closes them all, and the round trips still waiting on them fail.
   */
  private void renew() {
    LOG.warn("Redis did not answer {} round trips in a row; closing its connections and connecting again",
        timeoutsInARow);
    stats.redisRenewals.increment();
    timeoutsInARow = 0;
    Redis hung = redis;
    redis = Redis.createClient(vertx, options);
    if (connection.succeeded()) {
      stats.redisConnections.decrement();
    }
    connection = Future.failedFuture(NOT_CONNECTED);
    hung.close();
    connect();
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
  private <T> Future<T> onConnection(Function<RedisConnection, Future<T>> command) {
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
      stats.redisConnections.decrement();
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

  /** The client options of the configured Redis (mode, endpoints, timeouts); a new object each call. */
  public static RedisOptions options(Config config) {
    CacheConfig cache = config.cache();
    RedisOptions options = new RedisOptions()
        .setMaxPoolSize(4)
        .setMaxPoolWaiting(64)
        // every concurrent call pipelines over the held connection; this bounds the backlog
        .setMaxWaitingHandlers(MAX_WAITING_HANDLERS)
        .setPoolName("orders-cache")
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout((int) config.resilience().redisConnectTimeout().toMillis())
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
