package dev.orders.order;

import dev.orders.auth.Caller;
import dev.orders.error.DomainException;
import dev.orders.order.OrderRepository.StoredRequest;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Function;

/**
 * The order rules: idempotent creation, the status machine, cancellation, the history. Every
 * change takes the actor that made it (the caller's token subject) for the order's history.
 */
public final class OrderService {

  private final OrderRepository repository;
  private final ProductChanges productChanges;

  public OrderService(OrderRepository repository, ProductChanges productChanges) {
    this.repository = repository;
    this.productChanges = productChanges;
  }

  /**
   * A retry with the same (user_id, request_id) and the same lines returns the original order
   * without writing; the same key with other lines is ALREADY_EXISTS. Retries that race are
   * serialized by the user's lock inside the create transaction.
   */
  public Future<Order> create(NewOrder request, String actor) {
    String fingerprint = request.fingerprint();
    return repository.create(request, OrderIds.next(), fingerprint, actor).compose(outcome -> outcome.earlier()
        .map(earlier -> replay(earlier, request, fingerprint))
        .orElseGet(() -> stockChanged(outcome.created().orElseThrow())));
  }

  /** Another user's order is NOT_FOUND, word for word as a missing one, so ids cannot be probed. */
  public Future<Order> get(String orderId, Caller caller) {
    return repository.get(orderId).map(found -> found.filter(o -> caller.mayActFor(o.userId()))
        .orElseThrow(() -> orderNotFound(orderId)));
  }

  public Future<OrderPage> list(ListQuery query) {
    return repository.list(query);
  }

  /** Oldest first; visible as {@link #get} makes the order visible, NOT_FOUND otherwise. */
  public Future<OrderHistory> history(String orderId, Caller caller) {
    return repository.history(orderId).map(found -> found.filter(h -> caller.mayActFor(h.userId()))
        .orElseThrow(() -> orderNotFound(orderId)));
  }

  /**
   * Allows only the next step of PENDING → CONFIRMED → SHIPPED → DELIVERED. An order already in
   * {@code target} answers as it is (a retry, or the loser of two racing updates): nothing written.
   */
  public Future<Order> updateStatus(String orderId, OrderStatus target, String actor) {
    Optional<OrderStatus> required = target.previous();
    Future<Optional<Order>> moved = required.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : repository.transition(orderId, required.get(), target, actor);
    return moved.compose(done -> done.isPresent()
        ? Future.succeededFuture(done.get())
        : alreadyIn(orderId, target, current -> illegalTransition(orderId, current, target)));
  }

  /**
   * Only the owner or an admin cancels; to anyone else the order does not exist. A CANCELLED order
   * (by an earlier call, a racing one, or expiry) answers as it is: nothing written.
   */
  public Future<Order> cancel(String orderId, String reason, Caller caller) {
    return get(orderId, caller).compose(visible -> repository.cancel(orderId, reason, caller.subject()))
        .compose(cancelled -> cancelled.isPresent()
            ? stockChanged(cancelled.get())
            : alreadyIn(orderId, OrderStatus.CANCELLED, current -> DomainException.precondition(
                "order " + orderId + " is " + current + " (only PENDING or CONFIRMED orders can be cancelled)")));
  }

  private Future<Order> stockChanged(Order order) {
    return productChanges.changed(order.items().stream().map(OrderItem::productId).toList()).map(order);
  }

  /** The order when it is in {@code status}; otherwise the failure {@code otherwise} names for its status. */
  private Future<Order> alreadyIn(String orderId, OrderStatus status,
      Function<OrderStatus, DomainException> otherwise) {
    return repository.get(orderId).map(found -> found.orElseThrow(() -> orderNotFound(orderId)))
        .compose(order -> order.status() == status
            ? Future.succeededFuture(order)
            : Future.failedFuture(otherwise.apply(order.status())));
  }

  private Future<Order> replay(StoredRequest earlier, NewOrder request, String fingerprint) {
    if (earlier.fingerprint().equals(fingerprint)) {
      return Future.succeededFuture(earlier.order());
    }
    return Future.failedFuture(DomainException.alreadyExists("request_id " + request.requestId()
        + " was already used by user " + request.userId() + " for order " + earlier.order().id()
        + " with different items"));
  }

  private static DomainException illegalTransition(String orderId, OrderStatus from, OrderStatus to) {
    String hint = to == OrderStatus.CANCELLED ? " (use CancelOrder)" : "";
    return DomainException.precondition("order " + orderId + " cannot move from " + from + " to " + to + hint);
  }

  private static DomainException orderNotFound(String orderId) {
    return DomainException.notFound("order " + orderId + " not found");
  }
}
