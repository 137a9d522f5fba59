package dev.orders.order;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels PENDING orders older than the timeout with reason {@code expired}, returning their
 * stock: one transaction per order, at most {@link #BATCH} orders per round, a round every
 * interval (at once again after a full round). Every instance of the service runs one; claims
 * use SKIP LOCKED, so sweepers running at once share the work and never cancel an order twice.
 */
public final class ExpirySweeper {

  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
  private static final int BATCH = 100;

  private final Vertx vertx;
  private final OrderRepository repository;
  private final ProductChanges productChanges;
  private final Duration timeout;
  private final Duration interval;
  private long timer = -1;
  private boolean stopped;
  private Future<Integer> round = Future.succeededFuture(0);

  public ExpirySweeper(Vertx vertx, OrderRepository repository, ProductChanges productChanges, Duration timeout,
      Duration interval) {
    this.vertx = vertx;
    this.repository = repository;
    this.productChanges = productChanges;
    this.timeout = timeout;
    this.interval = interval;
  }

  /** Schedules the first round; call on the event loop that will run the rounds. */
  public Future<Void> start() {
    schedule(interval.toMillis());
    return Future.succeededFuture();
  }

  /** No further rounds; completes when the round under way (if any) has finished. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return round.otherwiseEmpty().mapEmpty();
  }

  /** One round: expires orders one by one until none is due or the batch is full; the number expired. */
  Future<Integer> sweep() {
    return expireFrom(0);
  }

  private Future<Integer> expireFrom(int expired) {
    if (expired == BATCH || stopped) {
      return Future.succeededFuture(expired);
    }
    return repository.expireOne(timeout).compose(order -> order.isEmpty()
        ? Future.succeededFuture(expired)
        : productChanges.changed(order.get().items().stream().map(OrderItem::productId).toList())
            .compose(v -> expireFrom(expired + 1)));
  }

  private void schedule(long delayMillis) {
    if (stopped) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delayMillis), t -> {
      round = sweep();
      round.onComplete(result -> {
        if (result.failed()) {
          LOG.warn("expiring PENDING orders failed (next try in {} ms): {}", interval.toMillis(),
              result.cause().toString());
        } else if (result.result() > 0) {
          LOG.info("expired {} PENDING orders older than {} s", result.result(), timeout.toSeconds());
        }
        schedule(result.succeeded() && result.result() == BATCH ? 0 : interval.toMillis());
      });
    });
  }
}
