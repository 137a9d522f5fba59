package dev.orders.perf;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A deliberately slow in-process "service" for the scheduler tests: one server that handles
 * one call at a time, each taking {@code serviceMs}. Calls queue behind each other, as they
 * do in a saturated service. The tool's own logic under test, not a stand-in for the service.
 */
class SlowTarget implements Target {

  private final Vertx vertx;
  private final long serviceNanos;
  private long busyUntil;

  SlowTarget(Vertx vertx, long serviceMs) {
    this.vertx = vertx;
    this.serviceNanos = serviceMs * 1_000_000;
  }

  static Target.Factory factory(long serviceMs) {
    return vertx -> new SlowTarget(vertx, serviceMs);
  }

  @Override
  public Calls.Sent send(Rpc rpc) {
    long now = System.nanoTime();
    busyUntil = Math.max(now, busyUntil) + serviceNanos;   // runs on the lane's event loop only
    Promise<Void> done = Promise.promise();
    vertx.setTimer(Math.max(1, (busyUntil - now) / 1_000_000), id -> done.complete());
    return new Calls.Sent(rpc, done.future());
  }

  @Override
  public Future<Void> ready() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
