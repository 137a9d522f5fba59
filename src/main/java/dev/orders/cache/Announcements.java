package dev.orders.cache;

import dev.orders.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's subscription to one Redis pub/sub channel, for a near-cache that must hear of
 * every change or know that it may have missed one. It knows nothing of products.
 *
 * <p>The subscription has a client and a connection of its own that sends nothing but SUBSCRIBE
 * (the 5.0.7 client mixes up replies and pushes on a connection that does both). The listener is
 * {@link Listener#live() live} only once Redis confirmed the subscription, and is told it
 * {@link Listener#lost() lost} the stream when the connection ends or fails, or stays silent for
 * {@link #IDLE_SECONDS} (a hung Redis sends nothing and closes nothing): every process publishes an
 * empty heartbeat every {@link #HEARTBEAT_MS}, so a silent channel means a broken one. It
 * subscribes again every {@link #RETRY_MS} until it succeeds.
 */
public final class Announcements {

  /** Told on the subscription's event loop; must be thread-safe towards the readers. */
  public interface Listener {
    void message(Buffer payload);

    /** Subscribed: from now on every announcement arrives (until {@link #lost()}). */
    void live();

    /** Announcements may have been missed. */
    void lost();
  }

  static final int IDLE_SECONDS = 3;
  static final long HEARTBEAT_MS = 1000;
  private static final long RETRY_MS = 500;
  private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

  private final Vertx vertx;
  private final RedisOptions options;
  private final long connectTimeoutMs;
  private final String channel;
  private final Listener listener;
  private final CacheStats stats;
  private final Redis publisher;
  private Redis subscriber;
  private RedisConnection connection;
  private long heartbeatTimer = -1;
  private boolean subscribedBefore;
  private boolean closed;

  public Announcements(Vertx vertx, Config config, String channel, Listener listener, CacheStats stats) {
    this.vertx = vertx;
    this.options = GuardedRedis.options(config);
    options.getNetClientOptions().setIdleTimeout(IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS);
    this.connectTimeoutMs = config.resilience().redisConnectTimeout().toMillis();
    this.channel = channel;
    this.listener = listener;
    this.stats = stats;
    this.publisher = Redis.createClient(vertx, GuardedRedis.options(config).setMaxPoolSize(1).setMaxPoolWaiting(4));
  }

  /** Starts subscribing and the heartbeat; does not wait for Redis (the listener is not live until it answers). */
  public void start() {
    heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, t -> publisher.send(Request.cmd(Command.PUBLISH).arg(channel).arg(""))
        .timeout(HEARTBEAT_MS, TimeUnit.MILLISECONDS));
    subscribe();
  }

  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(heartbeatTimer);
    listener.lost();
    return Future.join(publisher.close(), subscriber == null ? Future.succeededFuture() : subscriber.close()).mapEmpty();
  }

  private void subscribe() {
    if (closed) {
      return;
    }
    Redis client = Redis.createClient(vertx, options);
    subscriber = client;
    client.connect().timeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
        .compose(conn -> {
          connection = conn;
          conn.handler(this::pushed);
          conn.exceptionHandler(err -> lost(conn, String.valueOf(err.getMessage())));
          conn.endHandler(v -> lost(conn, "connection ended or idle for " + IDLE_SECONDS + " s"));
          return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        })
        .onFailure(err -> {
          connection = null; // its end, if it comes, is not a loss to report again
          client.close();
          retryLater();
        });
  }

  private void pushed(Response push) {
    String kind = push.get(0).toString();
    if ("message".equals(kind)) {
      listener.message(push.get(2).toBuffer());
    } else if ("subscribe".equals(kind)) {
      if (subscribedBefore) {
        stats.l1Resubscriptions.increment();
        LOG.info("subscribed again to {}: the near-cache is used again", channel);
      }
      subscribedBefore = true;
      listener.live();
    }
  }

  private void lost(RedisConnection conn, String why) {
    if (conn != connection) {
      return;
    }
    connection = null;
    listener.lost();
    if (!closed) {
      LOG.warn("lost the subscription to {} ({}): the near-cache is dropped and bypassed until subscribed again",
          channel, why);
    }
    subscriber.close();
    retryLater();
  }

  private void retryLater() {
    if (!closed) {
      vertx.setTimer(RETRY_MS, t -> subscribe());
    }
  }
}
