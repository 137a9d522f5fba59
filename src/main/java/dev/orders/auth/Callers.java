package dev.orders.auth;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The authenticated caller of each call in flight on one server instance, so the generated service
 * methods, which see only the request message, can ask who is calling.
 *
 * <p>Vert.x gives every HTTP/2 stream its own duplicated context, and the gRPC server delivers the
 * stream's messages on it, so the context identifies the call both in the admission gate and in the
 * handler. A context local would be the usual home, but Vert.x 5 only accepts those registered before
 * the first Vertx is built; this map needs no such ordering. Weak keys: a finished call's context is
 * garbage and its entry goes with it, whatever way the call ended.
 */
public final class Callers {

  private final Map<Context, Caller> byCall = Collections.synchronizedMap(new WeakHashMap<>());

  /** Records the caller of the call whose context is current. */
  void admit(Context call, Caller caller) {
    byCall.put(call, caller);
  }

  /**
   * The caller of the call being handled. Read it at the start of the handler, on the call's
   * context, not from a callback that runs on another.
   *
   * @throws IllegalStateException when no caller was admitted for this context: the request did not
   *     pass the gate, and must not be served
   */
  public Caller current() {
    Caller caller = byCall.get(Vertx.currentContext());
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller for this call's context");
    }
    return caller;
  }
}
