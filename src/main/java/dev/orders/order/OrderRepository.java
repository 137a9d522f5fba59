package dev.orders.order;

import dev.orders.db.Postgres;
import dev.orders.db.SqlStatement;
import dev.orders.order.Pricing.LockedProduct;
import dev.orders.order.Pricing.Priced;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Orders in PostgreSQL. Statements come from {@link OrderSql}; rules from {@link Pricing}. */
public final class OrderRepository {

  /** An order found by its idempotency key, with the fingerprint of the request that made it. */
  public record StoredRequest(Order order, String fingerprint) {}

  /** Signals inside a transaction that the idempotency key is taken; the transaction rolls back. */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super("idempotency key taken", null, false, false);
    }
  }

  private final Postgres pg;

  public OrderRepository(Postgres pg) {
    this.pg = pg;
  }

  public Future<Optional<StoredRequest>> findByRequest(String userId, String requestId) {
    return query(pg.reads(), OrderSql.FIND_BY_REQUEST, Tuple.of(userId, requestId)).map(rows -> {
      List<Order> found = OrderRows.orders(rows);
      return found.isEmpty()
          ? Optional.empty()
          : Optional.of(new StoredRequest(found.get(0), rows.iterator().next().getString("request_hash")));
    });
  }

  /**
   * Creates the order in one transaction: lock the products (in id order), price the lines,
   * claim the idempotency key, check and reserve stock, write the items. Empty when the key
   * was already taken — by an earlier call or a racing retry — and nothing was written.
   */
  public Future<Optional<Order>> create(NewOrder request, String orderId, String fingerprint) {
    return pg.transactions().withTransaction(conn -> lockProducts(conn, request)
            .compose(products -> {
              Priced priced = Pricing.price(request.lines(), products);
              return claimKey(conn, orderId, request, fingerprint, priced).compose(claimedAt -> {
                Pricing.requireStock(request.lines(), products);
                return reserveStock(conn, request)
                    .compose(v -> insertItems(conn, orderId, priced))
                    .map(v -> new Order(orderId, request.userId(), OrderStatus.PENDING, priced.items(),
                        priced.totalCents(), priced.currency(), claimedAt, claimedAt));
              });
            }))
        .map(Optional::of)
        .recover(err -> err instanceof KeyTaken ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(err));
  }

  public Future<Optional<Order>> get(String orderId) {
    return query(pg.reads(), OrderSql.GET, Tuple.of(orderId)).map(OrderRepository::single);
  }

  public Future<Optional<OrderStatus>> statusOf(String orderId) {
    return query(pg.reads(), OrderSql.STATUS_OF, Tuple.of(orderId)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(OrderStatus.valueOf(rows.iterator().next().getString("status"))));
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

  /** Moves the order from {@code from} to {@code to} only if it is still in {@code from}. */
  public Future<Optional<Order>> transition(String orderId, OrderStatus from, OrderStatus to) {
    return query(pg.transactions(), OrderSql.TRANSITION, Tuple.of(orderId, from.name(), to.name()))
        .map(OrderRepository::single);
  }

  /** Cancels a PENDING or CONFIRMED order and returns its stock, atomically; empty if not cancellable. */
  public Future<Optional<Order>> cancel(String orderId, String reason) {
    return pg.transactions().withTransaction(conn ->
        query(conn, OrderSql.CANCEL, Tuple.of(orderId, reason)).compose(rows -> {
          Optional<Order> cancelled = single(rows);
          if (cancelled.isEmpty()) {
            return Future.succeededFuture(cancelled);
          }
          return query(conn, OrderSql.LOCK_ORDER_PRODUCTS, Tuple.of(orderId))
              .compose(locked -> query(conn, OrderSql.RELEASE_STOCK, Tuple.of(orderId)))
              .map(released -> cancelled);
        }));
  }

  private Future<Map<String, LockedProduct>> lockProducts(SqlConnection conn, NewOrder request) {
    return query(conn, OrderSql.LOCK_PRODUCTS, Tuple.of((Object) request.sortedProductIds())).map(rows -> {
      Map<String, LockedProduct> byId = new HashMap<>();
      for (Row r : rows) {
        byId.put(r.getString("id"), new LockedProduct(
            r.getString("id"), r.getLong("price_cents"), r.getString("currency"), r.getInteger("stock")));
      }
      return byId;
    });
  }

  private Future<Instant> claimKey(SqlConnection conn, String orderId, NewOrder request, String fingerprint,
      Priced priced) {
    Tuple params = Tuple.of(orderId, request.userId(), request.requestId(), fingerprint,
        priced.totalCents(), priced.currency());
    return query(conn, OrderSql.INSERT_ORDER, params).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new KeyTaken())
        : Future.succeededFuture(rows.iterator().next().getOffsetDateTime("created_at").toInstant()));
  }

  private Future<Void> reserveStock(SqlConnection conn, NewOrder request) {
    String[] ids = request.lines().stream().map(OrderLine::productId).toArray(String[]::new);
    Integer[] quantities = request.lines().stream().map(OrderLine::quantity).toArray(Integer[]::new);
    Tuple params = Tuple.tuple().addArrayOfString(ids).addArrayOfInteger(quantities);
    return query(conn, OrderSql.RESERVE_STOCK, params).compose(rows ->
        rows.rowCount() == ids.length
            ? Future.succeededFuture()
            // unreachable while the rows are locked; fail rather than write a half-reserved order
            : Future.failedFuture(new IllegalStateException("stock changed under a row lock")));
  }

  private Future<Void> insertItems(SqlConnection conn, String orderId, Priced priced) {
    int n = priced.items().size();
    Integer[] lineNos = new Integer[n];
    String[] productIds = new String[n];
    Integer[] quantities = new Integer[n];
    Long[] prices = new Long[n];
    for (int i = 0; i < n; i++) {
      OrderItem item = priced.items().get(i);
      lineNos[i] = i + 1;
      productIds[i] = item.productId();
      quantities[i] = item.quantity();
      prices[i] = item.unitPriceCents();
    }
    return query(conn, OrderSql.INSERT_ITEMS, Tuple.of(orderId, lineNos, productIds, quantities, prices)).mapEmpty();
  }

  private static Future<RowSet<Row>> query(SqlClient client, SqlStatement statement, Tuple params) {
    return client.preparedQuery(statement.sql()).execute(params);
  }

  private static Optional<Order> single(RowSet<Row> rows) {
    List<Order> orders = OrderRows.orders(rows);
    return orders.isEmpty() ? Optional.empty() : Optional.of(orders.get(0));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
