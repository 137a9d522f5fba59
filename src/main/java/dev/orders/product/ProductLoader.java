package dev.orders.product;

import dev.orders.cache.CacheStats;
import dev.orders.product.ProductCache.Entry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Loads missed products from PostgreSQL with single-flight: within one verticle instance,
 * concurrent misses for an id share one SELECT (a batch of misses is one {@code ANY($1)}).
 *
 * <p>A reader joins an earlier load only if that load cannot predate a write the reader must
 * see: it started after the tombstone the reader found in Redis (+ clock skew margin) and within
 * the last half tombstone period. Loads are kept for that long after completing, so a burst of
 * readers arriving just after the first one's SELECT returned still shares it. Without Redis
 * (fallback) nobody joins: no tombstones, no proof of freshness.
 */
final class ProductLoader {

  private static final long CLOCK_SKEW_MARGIN_MS = 100;

  private record Load(long startedAt, Future<Optional<Product>> result) {}

  private final ProductRepository repository;
  private final ProductCache cache;
  private final CacheStats stats;
  private final LongSupplier clock;
  private final Map<String, Load> loads = new HashMap<>();

  ProductLoader(ProductRepository repository, ProductCache cache, CacheStats stats, LongSupplier clock) {
    this.repository = repository;
    this.cache = cache;
    this.stats = stats;
    this.clock = clock;
  }

  /** The products behind these misses (empty where the id does not exist). */
  Future<Map<String, Optional<Product>>> load(Map<String, Entry.Miss> misses) {
    long now = clock.getAsLong();
    Map<String, Future<Optional<Product>>> results = new HashMap<>();
    List<String> toQuery = new ArrayList<>();
    misses.forEach((id, miss) -> {
      Load earlier = loads.get(id);
      if (earlier != null && miss.fromRedis() && earlier.startedAt() > oldestJoinable(miss, now)) {
        results.put(id, earlier.result());
      } else {
        toQuery.add(id);
      }
    });
    if (!toQuery.isEmpty()) {
      results.putAll(query(toQuery, now));
    }
    return Future.all(new ArrayList<>(results.values())).map(done -> {
      Map<String, Optional<Product>> loaded = new HashMap<>();
      results.forEach((id, f) -> loaded.put(id, f.result()));
      return loaded;
    });
  }

  /** A write on this instance: later readers here must not join loads that started before it. */
  void forget(Iterable<String> ids) {
    ids.forEach(loads::remove);
  }

  /** Drops loads too old to be joined. */
  void sweep() {
    long oldest = clock.getAsLong() - cache.tombstoneMillis() / 2;
    loads.values().removeIf(l -> l.startedAt() <= oldest && l.result().isComplete());
  }

  private long oldestJoinable(Entry.Miss miss, long now) {
    return Math.max(now - cache.tombstoneMillis() / 2, miss.invalidatedAt() + CLOCK_SKEW_MARGIN_MS);
  }

  private Map<String, Future<Optional<Product>>> query(List<String> ids, long startedAt) {
    stats.pgLoads.increment();
    Future<Map<String, Product>> rows = ids.size() == 1
        ? repository.get(ids.get(0)).map(p -> p.map(found -> Map.of(found.id(), found)).orElse(Map.of()))
        : repository.getMany(ids).map(ProductLoader::byId);
    Map<String, Future<Optional<Product>>> perId = new HashMap<>();
    Map<String, Load> started = new HashMap<>();
    for (String id : ids) {
      Future<Optional<Product>> one = rows.map(m -> Optional.ofNullable(m.get(id)));
      perId.put(id, one);
      started.put(id, new Load(startedAt, one));
    }
    loads.putAll(started);
    rows.onSuccess(found -> fillIfFresh(ids, found, startedAt))
        // a failed load is not shared: the next reader tries PostgreSQL again
        .onFailure(err -> started.forEach(loads::remove));
    return perId;
  }

  /** A fill from a load older than half the tombstone period could outlive a tombstone; skip it. */
  private void fillIfFresh(List<String> ids, Map<String, Product> found, long startedAt) {
    if (clock.getAsLong() - startedAt >= cache.tombstoneMillis() / 2) {
      return;
    }
    Map<String, Optional<Product>> loaded = new HashMap<>();
    ids.forEach(id -> loaded.put(id, Optional.ofNullable(found.get(id))));
    cache.fill(loaded);
  }

  private static Map<String, Product> byId(List<Product> products) {
    Map<String, Product> m = new HashMap<>();
    products.forEach(p -> m.put(p.id(), p));
    return m;
  }
}
