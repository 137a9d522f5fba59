package dev.orders.order;

import dev.orders.auth.Caller;
import dev.orders.error.DomainException;
import dev.orders.order.OrderRepository.StoredRequest;
import io.vertx.core.Future;
import java.util.Optional;

/** The order rules: idempotent creation, the status machine, cancellation. */
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
   * settled by the unique key inside the create transaction.
   */
  public Future<Order> create(NewOrder request) {
    String fingerprint = request.fingerprint();
    return repository.findByRequest(request.userId(), request.requestId()).compose(earlier -> earlier.isPresent()
        ? replay(earlier.get(), request, fingerprint)
        : repository.create(request, OrderIds.next(), fingerprint).compose(created -> created.isPresent()
            ? stockChanged(created.get())
            : repository.findByRequest(request.userId(), request.requestId())
                .compose(winner -> replay(winner.orElseThrow(), request, fingerprint))));
  }

  /** Another user's order is NOT_FOUND, word for word as a missing one, so ids cannot be probed. */
  public Future<Order> get(String orderId, Caller caller) {
    return repository.get(orderId).map(found -> found.filter(o -> caller.mayActFor(o.userId()))
        .orElseThrow(() -> orderNotFound(orderId)));
  }

  public Future<OrderPage> list(ListQuery query) {
    return repository.list(query);
  }

  /** Allows only the next step of PENDING → CONFIRMED → SHIPPED → DELIVERED; one of two racing updates wins. */
  public Future<Order> updateStatus(String orderId, OrderStatus target) {
    Optional<OrderStatus> required = target.previous();
    if (required.isEmpty()) {
      return currentStatus(orderId).compose(current -> Future.failedFuture(illegalTransition(orderId, current, target)));
    }
    return repository.transition(orderId, required.get(), target).compose(moved -> moved.isPresent()
        ? Future.succeededFuture(moved.get())
        : currentStatus(orderId).compose(current -> Future.failedFuture(illegalTransition(orderId, current, target))));
  }

  /** Only the owner or an admin cancels; to anyone else the order does not exist. */
  public Future<Order> cancel(String orderId, String reason, Caller caller) {
    return get(orderId, caller).compose(visible -> cancelVisible(orderId, reason));
  }

  private Future<Order> cancelVisible(String orderId, String reason) {
    return repository.cancel(orderId, reason).compose(cancelled -> cancelled.isPresent()
        ? stockChanged(cancelled.get())
        : currentStatus(orderId).compose(current -> Future.failedFuture(DomainException.precondition(
            "order " + orderId + " is " + current + " (only PENDING or CONFIRMED orders can be cancelled)"))));
  }

  private Future<Order> stockChanged(Order order) {
    return productChanges.changed(order.items().stream().map(OrderItem::productId).toList()).map(order);
  }

  private Future<Order> replay(StoredRequest earlier, NewOrder request, String fingerprint) {
    if (earlier.fingerprint().equals(fingerprint)) {
      return Future.succeededFuture(earlier.order());
    }
    return Future.failedFuture(DomainException.alreadyExists("request_id " + request.requestId()
        + " was already used by user " + request.userId() + " for order " + earlier.order().id()
        + " with different items"));
  }

  private Future<OrderStatus> currentStatus(String orderId) {
    return repository.statusOf(orderId).map(s -> s.orElseThrow(() -> orderNotFound(orderId)));
  }

  private static DomainException illegalTransition(String orderId, OrderStatus from, OrderStatus to) {
    String hint = to == OrderStatus.CANCELLED ? " (use CancelOrder)" : "";
    return DomainException.precondition("order " + orderId + " cannot move from " + from + " to " + to + hint);
  }

  private static DomainException orderNotFound(String orderId) {
    return DomainException.notFound("order " + orderId + " not found");
  }
}
