package dev.orders.server;

import dev.orders.order.ExpirySweeper;
import dev.orders.product.ProductCatalog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.function.Function;

/**
 * The process's one expiry sweeper, on an event loop of its own, with a product catalog of its
 * own to write through the cache entries of the stock it returns (a Redis connection lives on one
 * event loop). Deployed by {@link OrdersServer} when ORDERS_PENDING_TIMEOUT_SECONDS is not 0.
 */
final class ExpiryVerticle extends VerticleBase {

  /** The sweeper and the catalog it writes the returned stock through, built without I/O. */
  record Parts(ProductCatalog catalog, ExpirySweeper sweeper) {}

  private final Function<Vertx, Parts> factory;
  private Parts parts;

  ExpiryVerticle(Function<Vertx, Parts> factory) {
    this.factory = factory;
  }

  /** Starts the catalog (Redis connects in the background), then schedules the first sweep. */
  @Override
  public Future<?> start() {
    parts = factory.apply(vertx);
    return parts.catalog().start().compose(v -> parts.sweeper().start());
  }

  /** Waits for a sweep under way, then closes the catalog. */
  @Override
  public Future<?> stop() {
    return parts.sweeper().stop().eventually(parts.catalog()::close);
  }
}
