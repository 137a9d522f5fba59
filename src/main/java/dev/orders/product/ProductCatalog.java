package dev.orders.product;

import dev.orders.cache.CacheStats;
import dev.orders.error.DomainException;
import dev.orders.product.ProductCache.Entry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog reads and writes as the API defines them, cache-aside: Redis first (one MGET), then
 * one PostgreSQL SELECT for all misses, then one pipelined fill. One per verticle instance.
 */
public final class ProductCatalog {

  /** The answer to a batch read: found products in request order, then the ids that do not exist. */
  public record Batch(List<Product> products, List<String> missingIds) {}

  private final ProductRepository repository;
  private final ProductCache cache;
  private final ProductLoader loader;
  private final Vertx vertx;
  private long maintenanceTimer = -1;

  public ProductCatalog(Vertx vertx, ProductRepository repository, ProductCache cache, CacheStats stats) {
    this.vertx = vertx;
    this.repository = repository;
    this.cache = cache;
    this.loader = new ProductLoader(repository, cache, stats, System::currentTimeMillis);
  }

  /**
   * Starts, on the caller's event loop, the once-a-second maintenance (retrying lost
   * invalidations, dropping old single-flight loads) and the Redis connection. Does not wait for
   * Redis: reads fall back to PostgreSQL until it is up (fail-open), so this always succeeds.
   */
  public Future<Void> start() {
    maintenanceTimer = vertx.setPeriodic(1000, t -> {
      cache.retryPendingInvalidations();
      loader.sweep();
    });
    // not awaited; a failure is logged once, as the Redis state's transition to down
    cache.connect();
    return Future.succeededFuture();
  }

  public Future<Product> get(String id) {
    return read(List.of(id)).map(found -> Optional.ofNullable(found.get(id))
        .orElseThrow(() -> DomainException.notFound("product " + id + " not found")));
  }

  public Future<Batch> getMany(List<String> ids) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>(ids);
    if (distinct.isEmpty()) {
      return Future.succeededFuture(new Batch(List.of(), List.of()));
    }
    return read(distinct).map(found -> inRequestOrder(distinct, found));
  }

  public Future<Product> upsert(Product product) {
    return repository.upsert(product).compose(saved -> invalidate(List.of(saved.id())).map(saved));
  }

  /** After a committed write: no read that starts once this future completes sees the old rows. */
  public Future<Void> invalidate(Collection<String> productIds) {
    loader.forget(productIds);
    return cache.invalidate(productIds);
  }

  public Future<Void> close() {
    vertx.cancelTimer(maintenanceTimer);
    return cache.close();
  }

  private Future<Map<String, Product>> read(Collection<String> ids) {
    return cache.lookup(ids).compose(entries -> {
      Map<String, Product> found = new HashMap<>();
      Map<String, Entry.Miss> misses = new HashMap<>();
      entries.forEach((id, entry) -> {
        if (entry instanceof Entry.Hit hit) {
          found.put(id, hit.product());
        } else if (entry instanceof Entry.Miss miss) {
          misses.put(id, miss);
        }
      });
      if (misses.isEmpty()) {
        return Future.succeededFuture(found);
      }
      return loader.load(misses).map(loaded -> {
        loaded.forEach((id, p) -> p.ifPresent(product -> found.put(id, product)));
        return found;
      });
    });
  }

  static Batch inRequestOrder(Collection<String> ids, Map<String, Product> byId) {
    List<Product> products = new ArrayList<>(byId.size());
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      Product p = byId.get(id);
      if (p == null) {
        missing.add(id);
      } else {
        products.add(p);
      }
    }
    return new Batch(products, missing);
  }
}
