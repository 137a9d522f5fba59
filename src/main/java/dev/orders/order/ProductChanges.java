package dev.orders.order;

import io.vertx.core.Future;
import java.util.Collection;

/** Told after an order's transaction committed a stock change, before the call returns. */
@FunctionalInterface
public interface ProductChanges {

  Future<Void> changed(Collection<String> productIds);
}
