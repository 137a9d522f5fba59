package dev.orders.order;

import dev.orders.db.Postgres;
import dev.orders.db.SqlStatement;
import dev.orders.error.DomainException;
import dev.orders.order.OrderEvent.CancelReason;
import dev.orders.order.Pricing.LockedProduct;
import dev.orders.order.Pricing.Priced;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Orders in PostgreSQL. Statements come from {@link OrderSql}; rules from {@link Pricing}. */
public final class OrderRepository {

  /** An order found by its idempotency key, with the fingerprint of the request that made it. */
  public record StoredRequest(Order order, String fingerprint) {}

  /** Tries of one create whose products changed price between its read and its write. */
  private static final int ATTEMPTS = 3;

  private final Postgres pg;
  private final int maxPendingPerUser;

  /** @param maxPendingPerUser the most PENDING orders one user may hold (ORDERS_MAX_PENDING_PER_USER) */
  public OrderRepository(Postgres pg, int maxPendingPerUser) {
    this.pg = pg;
    this.maxPendingPerUser = maxPendingPerUser;
  }

  /** A create's outcome: the order it wrote, or the earlier order the request's key names (nothing written). */
  public record Creation(Optional<Order> created, Optional<StoredRequest> earlier) {

    static Creation wrote(Order order) {
      return new Creation(Optional.of(order), Optional.empty());
    }

    static Creation answeredBefore(StoredRequest earlier) {
      return new Creation(Optional.empty(), Optional.of(earlier));
    }
  }

  /**
   * Creates the order in one transaction of two round trips. First, pipelined (sent together,
   * answered in order): BEGIN, lock the user, look up the idempotency key, count the user's
   * PENDING orders, read the products (unlocked). Then, when the key is new: price the lines and
   * check the limit and the stock on what was read, and send the write (which locks the products
   * and writes only if they still agree, see {@link OrderSql#INSERT_ORDER}) together with COMMIT,
   * so no product stays locked while an answer travels to this service and back. A retry of a
   * completed order gets the earlier order, never "sold out" or "too many pending", and locks no
   * product. The user's lock makes the look-up and the count exact: no create of the same user can
   * commit between them and the write.
   */
  public Future<Creation> create(NewOrder request, String orderId, String fingerprint, String actor) {
    return create(request, orderId, fingerprint, actor, 1);
  }

  private Future<Creation> create(NewOrder request, String orderId, String fingerprint, String actor, int attempt) {
    return inPipelinedTransaction(tx -> {
      SqlConnection conn = tx.conn;
      Future<RowSet<Row>> userLocked = query(conn, OrderSql.LOCK_USER, Tuple.of(request.userId()));
      Future<Optional<StoredRequest>> earlier =
          query(conn, OrderSql.FIND_BY_REQUEST, Tuple.of(request.userId(), request.requestId()))
              .map(OrderRepository::storedRequest);
      Future<Long> pending = query(conn, OrderSql.COUNT_PENDING, Tuple.of(request.userId(), maxPendingPerUser))
          .map(rows -> rows.iterator().next().getLong("pending"));
      Future<Map<String, LockedProduct>> products =
          query(conn, OrderSql.READ_PRODUCTS, Tuple.of(request.sortedProductIds())).map(OrderRepository::products);
      return Future.all(tx.begun(), userLocked, earlier, pending, products)
          .compose(read -> earlier.result().isPresent()
              ? tx.commit(Future.succeededFuture(Optional.of(Creation.answeredBefore(earlier.result().get()))))
              : write(tx, request, orderId, fingerprint, actor, pending.result(), products.result()));
    }).compose(done -> done.isPresent() ? Future.succeededFuture(done.get()) : retry(request, orderId, fingerprint,
        actor, attempt));
  }

  /** A product's price changed between the read and the write (an UpsertProduct): price the order again. */
  private Future<Creation> retry(NewOrder request, String orderId, String fingerprint, String actor, int attempt) {
    if (attempt >= ATTEMPTS) {
      return Future.failedFuture(DomainException.aborted("the prices of the ordered products changed " + ATTEMPTS
          + " times while the order was written - retry the call"));
    }
    return create(request, orderId, fingerprint, actor, attempt + 1);
  }

  /**
   * Prices and checks the order on the products read, then sends the write and COMMIT together.
   * Empty when the locked products no longer had the prices it was priced with (nothing written).
   */
  private Future<Optional<Creation>> write(PipelinedTransaction tx, NewOrder request, String orderId,
      String fingerprint, String actor, long pending, Map<String, LockedProduct> products) {
    Priced priced = Pricing.price(request.lines(), products);
    if (pending >= maxPendingPerUser) {
      return Future.failedFuture(DomainException.exhausted("user " + request.userId() + " already has "
          + maxPendingPerUser + " PENDING orders (the limit ORDERS_MAX_PENDING_PER_USER) - confirm or cancel one"
          + " first"));
    }
    Pricing.requireStock(request.lines(), products);
    int n = priced.items().size();
    String[] productIds = new String[n];
    Integer[] quantities = new Integer[n];
    Long[] prices = new Long[n];
    for (int i = 0; i < n; i++) {
      OrderItem item = priced.items().get(i);
      productIds[i] = item.productId();
      quantities[i] = item.quantity();
      prices[i] = item.unitPriceCents();
    }
    Tuple params = Tuple.of(orderId, request.userId(), request.requestId(), fingerprint, priced.totalCents(),
        priced.currency(), actor).addArrayOfString(productIds).addArrayOfInteger(quantities).addArrayOfLong(prices);
    return tx.commit(query(tx.conn, OrderSql.INSERT_ORDER, params)).map(rows -> {
      OffsetDateTime createdAt = rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("created_at");
      if (createdAt != null) {
        Instant at = createdAt.toInstant();
        return Optional.of(Creation.wrote(new Order(orderId, request.userId(), OrderStatus.PENDING, priced.items(),
            priced.totalCents(), priced.currency(), at, at)));
      }
      // nothing written: the locked rows say why; the same checks on them fail with the current stock
      Map<String, LockedProduct> locked = products(rows);
      Priced now = Pricing.price(request.lines(), locked);
      Pricing.requireStock(request.lines(), locked);
      if (now.equals(priced)) {
        // unreachable while the user is locked: the key was free and the rows agreed
        throw new IllegalStateException("order " + orderId + " not written although its products agreed");
      }
      return Optional.<Creation>empty();
    });
  }

  /**
   * Runs {@code work} in a {@link PipelinedTransaction} on a pooled connection; {@code work} ends
   * it with {@link PipelinedTransaction#commit}, and a failure before that rolls it back.
   */
  private <T> Future<T> inPipelinedTransaction(Function<PipelinedTransaction, Future<T>> work) {
    return pg.transactions().getConnection().compose(conn -> {
      PipelinedTransaction tx = new PipelinedTransaction(conn);
      return work.apply(tx)
          .recover(err -> tx.rollbackUnlessEnded().transform(rolledBack -> Future.<T>failedFuture(err)))
          .eventually(conn::close);
    });
  }

  /**
   * A transaction whose BEGIN and COMMIT travel with its statements. Vert.x's own transaction
   * sends COMMIT only once every statement has answered, one more round trip with every lock held.
   */
  private static final class PipelinedTransaction {
    private final SqlConnection conn;
    private final Future<RowSet<Row>> begun;
    private boolean ended;

    PipelinedTransaction(SqlConnection conn) {
      this.conn = conn;
      this.begun = conn.query("BEGIN").execute();
    }

    Future<RowSet<Row>> begun() {
      return begun;
    }

    /**
     * Sends COMMIT right behind what was sent; the outcome is {@code last}'s, once both answered.
     * A failed {@code last} aborted the transaction, and PostgreSQL rolls it back at this COMMIT.
     */
    <T> Future<T> commit(Future<T> last) {
      ended = true;
      Future<RowSet<Row>> commit = conn.query("COMMIT").execute();
      return Future.join(last, commit).transform(both -> last.failed() || commit.succeeded()
          ? last
          : Future.failedFuture(commit.cause()));
    }

    Future<Void> rollbackUnlessEnded() {
      return ended ? Future.succeededFuture() : conn.query("ROLLBACK").execute().mapEmpty();
    }
  }

  public Future<Optional<Order>> get(String orderId) {
    return query(pg.reads(), OrderSql.GET, Tuple.of(orderId)).map(OrderRepository::single);
  }

  /** Empty when the order does not exist; an order older than the history has no events. */
  public Future<Optional<OrderHistory>> history(String orderId) {
    return query(pg.reads(), OrderSql.HISTORY, Tuple.of(orderId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      List<OrderEvent> events = new ArrayList<>(rows.size());
      for (Row row : rows) {
        if (row.getLong("sequence") != null) {
          events.add(event(row));
        }
      }
      return Optional.of(new OrderHistory(orderId, rows.iterator().next().getString("user_id"), events));
    });
  }

  /** The page-token signing key, kept in the database so all instances and restarts share it. */
  public Future<byte[]> pageTokenKey() {
    return query(pg.reads(), OrderSql.PAGE_TOKEN_KEY, Tuple.tuple())
        .map(rows -> rows.iterator().next().getBuffer("key").getBytes());
  }

  /** One page plus one row: the extra order tells whether a next page exists. */
  public Future<OrderPage> list(ListQuery q) {
    int limit = q.pageSize() + 1;
    Tuple params = Tuple.of(q.userId(), limit);
    q.status().ifPresent(s -> params.addString(s.name()));
    q.after().ifPresent(c -> params.addOffsetDateTime(utc(c.createdAt())).addString(c.orderId()));
    SqlStatement statement = q.status().isPresent()
        ? (q.after().isPresent() ? OrderSql.LIST_BY_STATUS_AFTER : OrderSql.LIST_BY_STATUS_FIRST)
        : (q.after().isPresent() ? OrderSql.LIST_AFTER : OrderSql.LIST_FIRST);
    return query(pg.reads(), statement, params).map(rows -> {
      List<Order> orders = OrderRows.orders(rows);
      if (orders.size() <= q.pageSize()) {
        return new OrderPage(orders, Optional.empty());
      }
      List<Order> page = orders.subList(0, q.pageSize());
      return new OrderPage(page, Optional.of(PageCursor.after(page.get(page.size() - 1))));
    });
  }

  /** Moves the order from {@code from} to {@code to}, with its event, only if it is still in {@code from}. */
  public Future<Optional<Order>> transition(String orderId, OrderStatus from, OrderStatus to, String actor) {
    return query(pg.transactions(), OrderSql.TRANSITION, Tuple.of(orderId, from.name(), to.name(), actor))
        .map(OrderRepository::single);
  }

  /**
   * Cancels a PENDING or CONFIRMED order and returns its stock, atomically; empty if not
   * cancellable. Two round trips: BEGIN with the cancel, then the stock's return with COMMIT, so
   * the products are locked only inside the last statement (see {@link OrderSql#RELEASE_STOCK}).
   */
  public Future<Optional<Order>> cancel(String orderId, String reason, String actor) {
    return inPipelinedTransaction(tx -> {
      Future<RowSet<Row>> cancelled = cancel(tx, orderId, reason, CancelReason.CALLER, actor);
      return Future.all(tx.begun(), cancelled).compose(sent -> releaseAndCommit(tx, orderId, cancelled.result()));
    });
  }

  /**
   * In one transaction, cancels the oldest PENDING order older than {@code timeout} that no other
   * sweeper holds (SKIP LOCKED), with reason {@code expired}, and returns its stock; empty when
   * there is none.
   */
  public Future<Optional<Order>> expireOne(Duration timeout) {
    return inPipelinedTransaction(tx -> {
      Future<RowSet<Row>> claimed = query(tx.conn, OrderSql.CLAIM_EXPIRED, Tuple.of((int) timeout.toSeconds()));
      return Future.all(tx.begun(), claimed).compose(sent -> {
        if (claimed.result().size() == 0) {
          return tx.commit(Future.succeededFuture(Optional.<Order>empty()));
        }
        String orderId = claimed.result().iterator().next().getString("id");
        return cancel(tx, orderId, "expired", CancelReason.EXPIRED, "")
            .compose(cancelled -> releaseAndCommit(tx, orderId, cancelled));
      });
    });
  }

  private static Future<RowSet<Row>> cancel(PipelinedTransaction tx, String orderId, String reason, CancelReason why,
      String actor) {
    return query(tx.conn, OrderSql.CANCEL, Tuple.of(orderId, reason, why.label(), actor));
  }

  /** When the cancel changed the order, returns its stock; commits either way. */
  private static Future<Optional<Order>> releaseAndCommit(PipelinedTransaction tx, String orderId,
      RowSet<Row> cancelRows) {
    Optional<Order> cancelled = single(cancelRows);
    return tx.commit(cancelled.isEmpty()
        ? Future.succeededFuture(cancelled)
        : query(tx.conn, OrderSql.RELEASE_STOCK, Tuple.of(orderId)).map(released -> cancelled));
  }

  private static Map<String, LockedProduct> products(RowSet<Row> rows) {
    Map<String, LockedProduct> byId = new HashMap<>();
    for (Row r : rows) {
      byId.put(r.getString("id"), new LockedProduct(
          r.getString("id"), r.getLong("price_cents"), r.getString("currency"), r.getInteger("stock")));
    }
    return byId;
  }

  private static Future<RowSet<Row>> query(SqlClient client, SqlStatement statement, Tuple params) {
    return client.preparedQuery(statement.sql()).execute(params);
  }

  private static Optional<StoredRequest> storedRequest(RowSet<Row> rows) {
    List<Order> found = OrderRows.orders(rows);
    return found.isEmpty()
        ? Optional.empty()
        : Optional.of(new StoredRequest(found.get(0), rows.iterator().next().getString("request_hash")));
  }

  private static Optional<Order> single(RowSet<Row> rows) {
    List<Order> orders = OrderRows.orders(rows);
    return orders.isEmpty() ? Optional.empty() : Optional.of(orders.get(0));
  }

  private static OrderEvent event(Row row) {
    String reason = row.getString("reason");
    return new OrderEvent(row.getLong("sequence"), OrderEvent.Type.valueOf(row.getString("type")),
        OrderStatus.valueOf(row.getString("status")),
        reason == null ? Optional.empty() : Optional.of(CancelReason.fromStored(reason)),
        row.getString("actor"), row.getOffsetDateTime("created_at").toInstant());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
