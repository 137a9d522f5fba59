package dev.orders.perf;

import io.vertx.core.Future;

/** Where a lane sends its calls: the gRPC service, or an in-process function in the tool's own tests. */
public interface Target {

  Calls.Sent send(Rpc rpc);

  /** Completes once the target answers at all (a connection is open), so the run starts warm. */
  Future<Void> ready();

  Future<Void> close();

  /** The server instance this target's connection reached, as the server reported it ("1/2"), or "". */
  default String serverInstance() {
    return "";
  }

  /** Builds a lane's target on that lane's event loop, which then owns its connection. */
  interface Factory {
    Target create(io.vertx.core.Vertx vertx);
  }
}
