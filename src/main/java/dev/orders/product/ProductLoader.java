package dev.orders.product;

import dev.orders.cache.CacheStats;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads missed products from PostgreSQL with single-flight: within one verticle instance,
 * concurrent misses for an id share one SELECT (a batch of misses is one {@code ANY($1)}), and
 * what was loaded is filled into Redis.
 *
 * <p>Joining a load in flight is safe for Redis (a load older than a write cannot replace the
 * written version there), but a reader must not be answered a row older than a write that
 * returned before it started: a write on this instance {@link #forget forgets} the loads in flight
 * for its ids, so only loads that started after this instance's last write of an id are joined.
 * A load is forgotten once its fill reached Redis (or could not), not when PostgreSQL answered: a
 * reader whose MGET missed just before the fill landed would otherwise query again.
 */
final class ProductLoader {

  private final ProductRepository repository;
  private final ProductCache cache;
  private final CacheStats stats;
  private final Map<String, Future<Buffer>> inFlight = new HashMap<>();

  ProductLoader(ProductRepository repository, ProductCache cache, CacheStats stats) {
    this.repository = repository;
    this.cache = cache;
    this.stats = stats;
  }

  /** The stored values of these ids (a product, or absent where the id does not exist). */
  Future<Map<String, Buffer>> load(Collection<String> ids) {
    Map<String, Future<Buffer>> results = new HashMap<>();
    List<String> toQuery = new ArrayList<>();
    for (String id : ids) {
      Future<Buffer> earlier = inFlight.get(id);
      if (earlier != null) {
        results.put(id, earlier);
      } else {
        toQuery.add(id);
      }
    }
    if (!toQuery.isEmpty()) {
      results.putAll(query(toQuery));
    }
    return Future.all(new ArrayList<>(results.values())).map(done -> {
      Map<String, Buffer> loaded = new HashMap<>();
      results.forEach((id, f) -> loaded.put(id, f.result()));
      return loaded;
    });
  }

  /** A write on this instance: later readers here must not join loads that started before it. */
  void forget(Iterable<String> ids) {
    ids.forEach(inFlight::remove);
  }

  private Map<String, Future<Buffer>> query(List<String> ids) {
    stats.pgLoads.increment();
    Future<Map<String, Buffer>> values = ids.size() == 1
        ? repository.get(ids.get(0)).map(p -> p.map(List::of).orElse(List.of())).map(found -> encode(ids, found))
        : repository.getMany(ids).map(found -> encode(ids, found));
    Map<String, Future<Buffer>> perId = new HashMap<>();
    for (String id : ids) {
      perId.put(id, values.map(m -> m.get(id)));
    }
    inFlight.putAll(perId);
    // a failed load is not shared either: the next reader tries PostgreSQL again; remove(id, f), not
    // remove(id): a write may have forgotten this load and a newer one taken its place
    values.compose(cache::fill).onComplete(done -> perId.forEach(inFlight::remove));
    return perId;
  }

  /** The stored form of every id: its product, or absent. */
  static Map<String, Buffer> encode(Collection<String> ids, List<Product> found) {
    Map<String, Buffer> values = new HashMap<>();
    found.forEach(p -> values.put(p.id(), ProductCodec.encode(p)));
    ids.forEach(id -> values.computeIfAbsent(id, missing -> ProductCodec.absent()));
    return values;
  }
}
