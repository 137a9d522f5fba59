package dev.orders.grpc;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** How every RPC of the edge runs: any failure, thrown or returned, leaves as a gRPC status. */
final class Handlers {

  private Handlers() {}

  /** Validation errors are thrown synchronously, domain and database failures arrive in the future. */
  static <T> Future<T> handle(Supplier<Future<T>> handler) {
    try {
      return handler.get().recover(err -> Future.failedFuture(Statuses.toStatus(err)));
    } catch (RuntimeException err) {
      return Future.failedFuture(Statuses.toStatus(err));
    }
  }
}
