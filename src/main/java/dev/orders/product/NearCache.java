package dev.orders.product;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.orders.cache.Announcements;
import dev.orders.cache.CacheStats;
import dev.orders.config.Config;
import dev.orders.config.NearCacheConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's near-cache (L1) of product values in front of Redis, shared by every verticle
 * instance (Caffeine is thread-safe). It holds the values as stored in Redis, so a hit costs no
 * decode, and an entry is only ever replaced by a newer version.
 *
 * <p>Coherent across processes through {@link Announcements}: every write announces its new values
 * after commit, and every process puts them in (a newer version wins). It is used only while the
 * announcement stream is live; when the stream is lost it is emptied at once and bypassed until
 * Redis confirmed a new subscription. A value read before the loss cannot be put in after it: every
 * offer carries the generation it was read in, and a loss starts a new generation.
 */
public final class NearCache implements Announcements.Listener {

  private final Cache<String, Buffer> entries;
  private final CacheStats stats;
  private Announcements announcements;
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean live;

  private NearCache(Cache<String, Buffer> entries, CacheStats stats) {
    this.entries = entries;
    this.stats = stats;
  }

  /** Bounded by {@code config}; one that is never live (always bypassed) when the config turns it off. */
  static NearCache create(NearCacheConfig config, CacheStats stats) {
    if (!config.enabled()) {
      return off(stats);
    }
    Cache<String, Buffer> entries = Caffeine.newBuilder()
        .maximumSize(config.maxEntries())
        .expireAfterWrite(config.ttl())
        .executor(Runnable::run) // removals counted on the caller's thread, no pool of Caffeine's own
        .removalListener((String id, Buffer value, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            stats.l1Evictions.increment();
          }
        })
        .build();
    return new NearCache(entries, stats);
  }

  /**
   * The process's near-cache, subscribing to the announcements of the dataset {@code epoch} when
   * it is on; not live until Redis confirmed the subscription.
   */
  public static NearCache start(Vertx vertx, Config config, long epoch, CacheStats stats) {
    NearCache near = create(config.nearCache(), stats);
    if (near.enabled()) {
      near.announcements = new Announcements(vertx, config, ProductCache.channel(config.cache(), epoch), near, stats);
      near.announcements.start();
    }
    return near;
  }

  /** A near-cache that is never used (reads go to Redis). */
  public static NearCache off(CacheStats stats) {
    return new NearCache(null, stats);
  }

  public Future<Void> close() {
    return announcements == null ? Future.succeededFuture() : announcements.close();
  }

  public boolean enabled() {
    return entries != null;
  }

  /** The generation a read starts in; pass it to {@link #offer}. */
  long generation() {
    return generation.get();
  }

  /** The stored value of {@code id}, or null when not held or not live (then Redis is asked). */
  Buffer get(String id) {
    if (!live) {
      return null;
    }
    Buffer value = entries.getIfPresent(id);
    (value == null ? stats.l1Misses : stats.l1Hits).increment();
    return value;
  }

  /** Puts a value read or written in {@code readIn}, unless a newer version is held or the stream was lost since. */
  void offer(String id, Buffer value, long readIn) {
    if (!live || generation.get() != readIn) {
      return;
    }
    entries.asMap().merge(id, value, NearCache::newer);
    if (generation.get() != readIn) {
      entries.invalidate(id); // lost while putting: the emptying may have run before the put
    }
  }

  @Override
  public void message(Buffer payload) {
    long now = generation.get();
    decodeAnnouncement(payload).forEach((id, value) -> offer(id, value, now));
  }

  @Override
  public void live() {
    live = enabled();
  }

  @Override
  public void lost() {
    live = false;
    generation.incrementAndGet();
    if (entries != null) {
      entries.invalidateAll();
    }
  }

  private static Buffer newer(Buffer held, Buffer offered) {
    return ProductCodec.version(offered) > ProductCodec.version(held) ? offered : held;
  }

  /** The payload announcing new values: per product, the id's length (2 bytes), the id, the value's length (4 bytes), the value. */
  static Buffer announcement(Map<String, Buffer> values) {
    Buffer payload = Buffer.buffer();
    values.forEach((id, value) -> {
      byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
      payload.appendShort((short) idBytes.length).appendBytes(idBytes).appendInt(value.length()).appendBuffer(value);
    });
    return payload;
  }

  static Map<String, Buffer> decodeAnnouncement(Buffer payload) {
    Map<String, Buffer> values = new HashMap<>();
    int at = 0;
    while (at + Short.BYTES <= payload.length()) {
      int idLength = payload.getUnsignedShort(at);
      String id = payload.getString(at + Short.BYTES, at + Short.BYTES + idLength, "UTF-8");
      at += Short.BYTES + idLength;
      int valueLength = payload.getInt(at);
      at += Integer.BYTES;
      values.put(id, payload.getBuffer(at, at + valueLength));
      at += valueLength;
    }
    return values;
  }
}
