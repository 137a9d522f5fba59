package dev.orders.product;

import dev.orders.cache.CacheStats;
import dev.orders.cache.GuardedRedis;
import dev.orders.config.CacheConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Products in Redis under {@code <prefix>product:<epoch>:<id>}, cache-aside: PostgreSQL stays the
 * truth. The epoch comes from the database (see V3__cache_epoch.sql), so entries of an earlier or
 * another dataset sharing the Redis are never read.
 *
 * <p>The epoch is read once when the server starts and given here; Redis may still be down then
 * (see {@link GuardedRedis#connect()}).
 *
 * <p>Coherence: a write replaces the keys it touched with a short-lived tombstone (instead of
 * DEL) after it commits and before it returns; fills use SET NX, so a reader that loaded the old
 * row before the commit can neither overwrite the tombstone nor fill after it expires (a fill is
 * dropped when its load is older than half the tombstone's life). Failures to reach Redis are
 * counted and never fail a call; failed invalidations are retried until Redis answers.
 */
public final class ProductCache {

  /** What the cache says about one id. */
  public sealed interface Entry {
    record Hit(Product product) implements Entry {}

    record Absent() implements Entry {}

    /** Not cached; {@code invalidatedAt} is the epoch millis of a tombstone, 0 if none or unknown. */
    record Miss(long invalidatedAt, boolean fromRedis) implements Entry {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(ProductCache.class);
  private static final int MAX_PENDING_INVALIDATIONS = 100_000;

  private final GuardedRedis redis;
  private final CacheConfig config;
  private final String keyPrefix;
  private final CacheStats stats;
  private final Set<String> pendingInvalidations = new LinkedHashSet<>();
  private boolean retrying;
  /** Since the pending queue was last found full; cleared when it drains (one warning per outage). */
  private boolean dropping;

  /** @param epoch the dataset's cache epoch, part of every key */
  public ProductCache(GuardedRedis redis, CacheConfig config, long epoch, CacheStats stats) {
    this.redis = redis;
    this.config = config;
    this.keyPrefix = keyPrefix(config, epoch);
    this.stats = stats;
  }

  public static String keyPrefix(CacheConfig config, long epoch) {
    return config.keyPrefix() + "product:" + epoch + ":";
  }

  /** One MGET for all ids; when Redis cannot answer, every id is a miss (fail-open). */
  public Future<Map<String, Entry>> lookup(Collection<String> ids) {
    List<String> order = new ArrayList<>(ids);
    return redis.getAll(order.stream().map(this::key).toList())
        .map(values -> decode(order, values))
        .otherwise(err -> fallback(order));
  }

  /** Stores loaded products (and known-absent ids) in one pipelined round trip; best effort. */
  public void fill(Map<String, Optional<Product>> loaded) {
    List<Request> sets = new ArrayList<>(loaded.size());
    loaded.forEach((id, product) -> sets.add(product
        .map(p -> setNx(id, ProductCodec.encode(p), jittered(config.ttl().toMillis())))
        .orElseGet(() -> setNx(id, ProductCodec.absent(), config.negativeTtl().toMillis()))));
    redis.pipeline(sets).onSuccess(v -> stats.fills.increment());
  }

  /**
   * Tombstones the keys in one round trip. Always succeeds: if Redis cannot be reached the ids
   * are kept and retried by {@link #retryPendingInvalidations()}; until then the old entries can
   * be read for at most their TTL.
   */
  public Future<Void> invalidate(Collection<String> ids) {
    return send(ids).recover(err -> {
      remember(ids);
      return Future.succeededFuture();
    });
  }

  /**
   * Sends the pending invalidations one round trip at a time until none is left or one fails.
   * Runs while the breaker is half-open too: its first round trip is then the breaker's probe.
   */
  public void retryPendingInvalidations() {
    if (retrying || pendingInvalidations.isEmpty() || redis.breakerOpen()) {
      return;
    }
    retrying = true;
    retryFromQueue().onComplete(done -> retrying = false);
  }

  private Future<Void> retryFromQueue() {
    List<String> ids = takePending(GuardedRedis.MAX_BATCH);
    if (ids.isEmpty()) {
      dropping = false;
      return Future.succeededFuture();
    }
    // taken out before sending: a write that fails meanwhile queues its ids again itself
    return send(ids)
        .onFailure(err -> remember(ids))
        .compose(v -> retryFromQueue());
  }

  private Future<Void> send(Collection<String> ids) {
    return redis.pipeline(tombstones(ids)).onSuccess(v -> stats.invalidations.increment());
  }

  public long tombstoneMillis() {
    return config.tombstone().toMillis();
  }

  /** Starts the Redis connection; caching begins when it is up, and nothing needs to wait for that. */
  public Future<Void> connect() {
    return redis.connect();
  }

  public Future<Void> close() {
    stats.pendingInvalidations.add(-pendingInvalidations.size()); // this instance's queue goes with it
    pendingInvalidations.clear();
    return redis.close();
  }

  private Map<String, Entry> fallback(List<String> ids) {
    stats.fallbacks.increment();
    stats.misses.add(ids.size());
    Map<String, Entry> misses = new HashMap<>();
    ids.forEach(id -> misses.put(id, new Entry.Miss(0, false)));
    return misses;
  }

  private Map<String, Entry> decode(List<String> ids, List<Buffer> values) {
    Map<String, Entry> entries = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      Entry e = decode(values.get(i));
      if (e instanceof Entry.Hit) {
        stats.hits.increment();
      } else if (e instanceof Entry.Absent) {
        stats.negativeHits.increment();
      } else {
        stats.misses.increment();
      }
      entries.put(ids.get(i), e);
    }
    return entries;
  }

  private Entry decode(Buffer value) {
    ProductCodec.Stored stored = value == null ? null : ProductCodec.decode(value);
    if (stored instanceof ProductCodec.Stored.Found found) {
      return new Entry.Hit(found.product());
    }
    if (stored instanceof ProductCodec.Stored.Absent) {
      return new Entry.Absent();
    }
    if (stored instanceof ProductCodec.Stored.Tombstone tombstone) {
      return new Entry.Miss(tombstone.invalidatedAt(), true);
    }
    if (stored instanceof ProductCodec.Stored.Undecodable) {
      stats.undecodable.increment();
    }
    return new Entry.Miss(0, true);
  }

  private List<Request> tombstones(Collection<String> ids) {
    Buffer tombstone = ProductCodec.tombstone(System.currentTimeMillis());
    return ids.stream()
        .map(id -> Request.cmd(Command.SET).arg(key(id)).arg(tombstone).arg("PX").arg(config.tombstone().toMillis()))
        .toList();
  }

  /** Queues ids for {@link #retryPendingInvalidations()}; past the cap the newest are dropped and counted. */
  private void remember(Collection<String> ids) {
    int before = pendingInvalidations.size();
    int dropped = 0;
    for (String id : ids) {
      if (pendingInvalidations.size() < MAX_PENDING_INVALIDATIONS) {
        pendingInvalidations.add(id);
      } else if (!pendingInvalidations.contains(id)) {
        dropped++;
      }
    }
    stats.pendingInvalidations.add(pendingInvalidations.size() - before);
    if (dropped > 0) {
      stats.droppedInvalidations.add(dropped);
      if (!dropping) {
        dropping = true;
        LOG.warn("{} product invalidations wait for Redis; dropping further ones until they are delivered "
            + "(those entries can be read stale until their TTL, {} s)", MAX_PENDING_INVALIDATIONS, config.ttl().toSeconds());
      }
    }
  }

  private List<String> takePending(int max) {
    List<String> taken = new ArrayList<>(Math.min(max, pendingInvalidations.size()));
    var it = pendingInvalidations.iterator();
    while (it.hasNext() && taken.size() < max) {
      taken.add(it.next());
      it.remove();
    }
    stats.pendingInvalidations.add(-taken.size());
    return taken;
  }

  private Request setNx(String id, Buffer value, long ttlMillis) {
    return Request.cmd(Command.SET).arg(key(id)).arg(value).arg("PX").arg(ttlMillis).arg("NX");
  }

  /** ±10% so entries filled together do not expire together. */
  private static long jittered(long ttlMillis) {
    return (long) (ttlMillis * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
  }

  private String key(String id) {
    return keyPrefix + id;
  }
}
