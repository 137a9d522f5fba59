package dev.orders.product;

import dev.orders.cache.CacheStats;
import dev.orders.error.DomainException;
import dev.orders.product.ProductCache.Entry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Catalog reads and writes as the API defines them: the process's near-cache first, then Redis
 * (one MGET), then one PostgreSQL SELECT for all misses, then one pipelined fill. Writes store
 * their new rows in all three after commit (write-through). One per verticle instance.
 */
public final class ProductCatalog {

  /**
   * The answer to a batch read, as stored: the protobuf {@code orders.v1.Product} bytes of the
   * found products in request order, then the ids that do not exist.
   */
  public record EncodedBatch(List<Buffer> products, List<String> missingIds) {}

  private final ProductRepository repository;
  private final ProductCache cache;
  private final NearCache near;
  private final ProductLoader loader;
  private final Vertx vertx;
  private long maintenanceTimer = -1;

  public ProductCatalog(Vertx vertx, ProductRepository repository, ProductCache cache, NearCache near,
      CacheStats stats) {
    this.vertx = vertx;
    this.repository = repository;
    this.cache = cache;
    this.near = near;
    this.loader = new ProductLoader(repository, cache, stats);
  }

  /**
   * Starts, on the caller's event loop, the once-a-second retry of lost write-throughs and the
   * Redis connection. Does not wait for Redis: reads fall back to PostgreSQL until it is up
   * (fail-open), so this always succeeds.
   */
  public Future<Void> start() {
    maintenanceTimer = vertx.setPeriodic(1000, t -> cache.retryPendingWrites(this::reload));
    // not awaited; a failure is logged once, as the Redis state's transition to down
    cache.connect();
    return Future.succeededFuture();
  }

  /** The product's protobuf {@code orders.v1.Product} bytes, as cached; NOT_FOUND when it does not exist. */
  public Future<Buffer> getEncoded(String id) {
    return read(List.of(id)).map(found -> {
      Buffer value = found.get(id);
      if (value == null || !(ProductCodec.decode(value) instanceof ProductCodec.Stored.Found)) {
        throw DomainException.notFound("product " + id + " not found");
      }
      return ProductCodec.proto(value);
    });
  }

  /** Found products as their cached protobuf bytes: a batch reply is assembled from them without decoding. */
  public Future<EncodedBatch> getManyEncoded(List<String> ids) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>(ids);
    if (distinct.isEmpty()) {
      return Future.succeededFuture(new EncodedBatch(List.of(), List.of()));
    }
    return read(distinct).map(found -> inRequestOrder(distinct, found));
  }

  public Future<Product> upsert(ProductUpdate update) {
    return repository.upsert(update).compose(saved -> written(List.of(saved)).map(saved));
  }

  /**
   * A replayed retry wrote nothing now, and its answer is the row as the first call left it, maybe
   * older than the current one: then the current row is read and written through instead (the
   * writer's near-cache would otherwise take the old row for an id it did not hold).
   */
  public Future<Product> adjustStock(StockAdjustment adjustment) {
    return repository.adjustStock(adjustment).compose(result -> (result.replayed()
        ? changed(List.of(adjustment.productId()))
        : written(List.of(result.product()))).map(result.product()));
  }

  /**
   * After a committed stock change of orders: reads the changed rows (one {@code ANY($1)}) and
   * writes them through. No read that starts once this future completes sees the old rows here.
   */
  public Future<Void> changed(Collection<String> productIds) {
    loader.forget(productIds);
    return reload(List.copyOf(productIds))
        .compose(this::written)
        .recover(err -> {
          cache.retryLater(productIds); // the retry reads them again
          return Future.succeededFuture();
        });
  }

  public Future<Void> close() {
    vertx.cancelTimer(maintenanceTimer);
    return cache.close();
  }

  /**
   * Committed rows: into this process's near-cache at once (a read on this instance sees them
   * once this returns), then into Redis and announced to the other processes.
   */
  private Future<Void> written(Map<String, Buffer> values) {
    loader.forget(values.keySet());
    long generation = near.generation();
    values.forEach((id, value) -> near.offer(id, value, generation));
    return cache.writeThrough(values);
  }

  private Future<Void> written(List<Product> saved) {
    return written(ProductLoader.encode(List.of(), saved));
  }

  private Future<Map<String, Buffer>> reload(List<String> ids) {
    return repository.getMany(ids).map(found -> ProductLoader.encode(ids, found));
  }

  /** Near-cache, then Redis for the rest, then PostgreSQL for the misses; values as stored, absent ids included. */
  private Future<Map<String, Buffer>> read(Collection<String> ids) {
    long generation = near.generation();
    Map<String, Buffer> found = new HashMap<>();
    List<String> notNear = new ArrayList<>(ids.size());
    for (String id : ids) {
      Buffer value = near.get(id);
      if (value == null) {
        notNear.add(id);
      } else {
        found.put(id, value);
      }
    }
    if (notNear.isEmpty()) {
      return Future.succeededFuture(found);
    }
    return cache.lookup(notNear).compose(entries -> {
      Map<String, Buffer> fromRedis = new HashMap<>();
      List<String> misses = new ArrayList<>();
      entries.forEach((id, entry) -> {
        if (entry instanceof Entry.Hit hit) {
          fromRedis.put(id, hit.value());
        } else if (entry instanceof Entry.Absent absent) {
          fromRedis.put(id, absent.value());
        } else {
          misses.add(id);
        }
      });
      Future<Map<String, Buffer>> loaded = misses.isEmpty() ? Future.succeededFuture(Map.of()) : loader.load(misses);
      return loaded.map(fromPostgres -> {
        fromRedis.putAll(fromPostgres);
        fromRedis.forEach((id, value) -> near.offer(id, value, generation));
        found.putAll(fromRedis);
        return found;
      });
    });
  }

  static EncodedBatch inRequestOrder(Collection<String> ids, Map<String, Buffer> values) {
    List<Buffer> products = new ArrayList<>(values.size());
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      Buffer value = values.get(id);
      if (value != null && ProductCodec.decode(value) instanceof ProductCodec.Stored.Found) {
        products.add(ProductCodec.proto(value));
      } else {
        missing.add(id);
      }
    }
    return new EncodedBatch(products, missing);
  }
}
