package dev.orders.product;

import dev.orders.cache.CacheStats;
import dev.orders.cache.GuardedRedis;
import dev.orders.config.CacheConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
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
 * <p>Coherence: values carry the product's version, and every store — a fill after a miss or the
 * write-through after a commit — goes through one script ({@link ProductCodec#STORE_SCRIPT}) that
 * refuses to replace a value of the same or a newer version. A write stores its new rows and
 * announces them on the channel of {@link #channel} in the same round trip. Failures to reach
 * Redis are counted and never fail a call; a write-through that could not be delivered is retried
 * (its ids reloaded from PostgreSQL) until Redis answers.
 */
public final class ProductCache {

  /** What the cache says about one id; a hit's {@code value} is the stored value (see {@link ProductCodec}). */
  public sealed interface Entry {
    record Hit(Buffer value) implements Entry {}

    record Absent(Buffer value) implements Entry {}

    record Miss() implements Entry {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(ProductCache.class);
  private static final int MAX_PENDING_WRITES = 100_000;
  private static final Script STORE = Script.of(ProductCodec.STORE_SCRIPT);
  private static final Entry MISS = new Entry.Miss();

  /** A Lua script and its SHA-1, the name EVALSHA calls it by. */
  private record Script(String source, String sha1) {
    static Script of(String source) {
      try {
        return new Script(source, HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8))));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-1", e);
      }
    }
  }

  /** One value to store under an id's key for this long. */
  private record Store(String id, Buffer value, long ttlMillis) {}

  private final GuardedRedis redis;
  private final CacheConfig config;
  private final String keyPrefix;
  private final CacheStats stats;
  private final String channel;
  private final Set<String> pendingWrites = new LinkedHashSet<>();
  private boolean retrying;
  /** Since the pending queue was last found full; cleared when it drains (one warning per outage). */
  private boolean dropping;

  /** @param epoch the dataset's cache epoch, part of every key */
  public ProductCache(GuardedRedis redis, CacheConfig config, long epoch, CacheStats stats) {
    this.redis = redis;
    this.config = config;
    this.keyPrefix = keyPrefix(config, epoch);
    this.channel = channel(config, epoch);
    this.stats = stats;
  }

  public static String keyPrefix(CacheConfig config, long epoch) {
    return config.keyPrefix() + "product:" + epoch + ":";
  }

  /** The pub/sub channel on which writes of this dataset announce their new values. */
  public static String channel(CacheConfig config, long epoch) {
    return config.keyPrefix() + "product-changes:" + epoch;
  }

  /** One MGET for all ids; when Redis cannot answer, every id is a miss (fail-open). */
  public Future<Map<String, Entry>> lookup(Collection<String> ids) {
    List<String> order = new ArrayList<>(ids);
    return redis.getAll(order.stream().map(this::key).toList())
        .map(values -> decode(order, values))
        .otherwise(err -> fallback(order));
  }

  /**
   * Stores loaded values (products and known-absent ids) in one pipelined round trip, each only if
   * Redis holds no newer version; best effort: completes when Redis answered or could not.
   */
  public Future<Void> fill(Map<String, Buffer> loaded) {
    return storeAll(stores(loaded), List.of()).onSuccess(v -> stats.fills.increment()).otherwiseEmpty();
  }

  /**
   * After a commit: stores the new values (a newer version replaces what Redis holds) and announces
   * them, in one round trip. Always succeeds: if Redis cannot be reached the ids are kept and
   * {@link #retryPendingWrites} delivers them later; until then other readers may see the old
   * values for at most their TTL.
   */
  public Future<Void> writeThrough(Map<String, Buffer> written) {
    return send(written).recover(err -> {
      remember(written.keySet());
      return Future.succeededFuture();
    });
  }

  /**
   * Delivers the pending write-throughs, at most {@link GuardedRedis#MAX_BATCH} ids per round
   * trip, until none is left or one fails. The values are read again from PostgreSQL by {@code
   * reload} (the newest, not the ones that failed: the script keeps whichever is newer anyway). Runs
   * while the breaker is half-open too: its first round trip is then the breaker's probe.
   */
  public void retryPendingWrites(Function<List<String>, Future<Map<String, Buffer>>> reload) {
    if (retrying || pendingWrites.isEmpty() || redis.breakerOpen()) {
      return;
    }
    retrying = true;
    retryFromQueue(reload).onComplete(done -> retrying = false);
  }

  private Future<Void> retryFromQueue(Function<List<String>, Future<Map<String, Buffer>>> reload) {
    List<String> ids = takePending(GuardedRedis.MAX_BATCH);
    if (ids.isEmpty()) {
      dropping = false;
      return Future.succeededFuture();
    }
    // taken out before sending: a write that fails meanwhile queues its ids again itself
    return reload.apply(ids).compose(this::send)
        .onFailure(err -> remember(ids))
        .compose(v -> retryFromQueue(reload));
  }

  /** Ids whose new values could not even be read after commit: {@link #retryPendingWrites} reads and stores them. */
  public void retryLater(Collection<String> ids) {
    remember(ids);
  }

  private Future<Void> send(Map<String, Buffer> written) {
    Request announce = Request.cmd(Command.PUBLISH).arg(channel).arg(NearCache.announcement(written));
    return storeAll(stores(written), List.of(announce)).onSuccess(v -> stats.writeThroughs.increment());
  }

  /** The stores by EVALSHA (by EVAL where Redis lost the script), then {@code after}, in one pipeline. */
  private Future<Void> storeAll(List<Store> stores, List<Request> after) {
    List<Request> writes = new ArrayList<>(stores.size() + after.size());
    stores.forEach(s -> writes.add(store(Command.EVALSHA, s)));
    writes.addAll(after);
    return redis.pipeline(writes, i -> i < stores.size() ? store(Command.EVAL, stores.get(i)) : writes.get(i));
  }

  /** Starts the Redis connection; caching begins when it is up, and nothing needs to wait for that. */
  public Future<Void> connect() {
    return redis.connect();
  }

  public Future<Void> close() {
    stats.pendingWrites.add(-pendingWrites.size()); // this instance's queue goes with it
    pendingWrites.clear();
    return redis.close();
  }

  private Map<String, Entry> fallback(List<String> ids) {
    stats.fallbacks.increment();
    stats.misses.add(ids.size());
    Map<String, Entry> misses = new HashMap<>();
    ids.forEach(id -> misses.put(id, MISS));
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
    if (stored instanceof ProductCodec.Stored.Found) {
      return new Entry.Hit(value);
    }
    if (stored instanceof ProductCodec.Stored.Absent) {
      return new Entry.Absent(value);
    }
    if (stored instanceof ProductCodec.Stored.Undecodable) {
      stats.undecodable.increment();
    }
    return MISS;
  }

  private List<Store> stores(Map<String, Buffer> values) {
    List<Store> stores = new ArrayList<>(values.size());
    values.forEach((id, value) -> stores.add(new Store(id, value, ProductCodec.version(value) == 0
        ? config.negativeTtl().toMillis() : jittered(config.ttl().toMillis()))));
    return stores;
  }

  private Request store(Command evalOrEvalsha, Store s) {
    return Request.cmd(evalOrEvalsha).arg(evalOrEvalsha == Command.EVAL ? STORE.source() : STORE.sha1()).arg(1)
        .arg(key(s.id())).arg(s.value()).arg(ProductCodec.version(s.value())).arg(s.ttlMillis());
  }

  /** Queues ids for {@link #retryPendingWrites}; past the cap the newest are dropped and counted. */
  private void remember(Collection<String> ids) {
    int before = pendingWrites.size();
    int dropped = 0;
    for (String id : ids) {
      if (pendingWrites.size() < MAX_PENDING_WRITES) {
        pendingWrites.add(id);
      } else if (!pendingWrites.contains(id)) {
        dropped++;
      }
    }
    stats.pendingWrites.add(pendingWrites.size() - before);
    if (dropped > 0) {
      stats.droppedWrites.add(dropped);
      if (!dropping) {
        dropping = true;
        LOG.warn("{} product write-throughs wait for Redis; dropping further ones until they are delivered "
            + "(those entries can be read stale until their TTL, {} s)", MAX_PENDING_WRITES, config.ttl().toSeconds());
      }
    }
  }

  private List<String> takePending(int max) {
    List<String> taken = new ArrayList<>(Math.min(max, pendingWrites.size()));
    var it = pendingWrites.iterator();
    while (it.hasNext() && taken.size() < max) {
      taken.add(it.next());
      it.remove();
    }
    stats.pendingWrites.add(-taken.size());
    return taken;
  }

  /** ±10% so entries filled together do not expire together. */
  private static long jittered(long ttlMillis) {
    return (long) (ttlMillis * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
  }

  private String key(String id) {
    return keyPrefix + id;
  }
}
