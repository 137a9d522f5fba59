package dev.orders.product;

import dev.orders.db.KeyTaken;
import dev.orders.db.Postgres;
import dev.orders.db.SqlStatement;
import dev.orders.error.DomainException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Products in PostgreSQL, the source of truth for the catalog. */
public final class ProductRepository {

  /** AdjustStock's answer stored under its key, with the delta that key was used for. */
  private record Adjusted(Product product, int delta) {}

  private final Postgres pg;

  public ProductRepository(Postgres pg) {
    this.pg = pg;
  }

  public Future<Optional<Product>> get(String id) {
    return query(pg.reads(), ProductSql.GET, Tuple.of(id)).map(ProductRepository::single);
  }

  /** All products among {@code ids} that exist, in no particular order; one round trip. */
  public Future<List<Product>> getMany(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return query(pg.reads(), ProductSql.GET_MANY, Tuple.of(ids.toArray(String[]::new))).map(rows -> {
      List<Product> found = new ArrayList<>(rows.size());
      rows.forEach(row -> found.add(toProduct(row)));
      return found;
    });
  }

  /**
   * One transaction: lock the row, check the expected version, then create the product (every
   * field) or write the merged row. Two racing creates of one id: the second is ABORTED.
   */
  public Future<Product> upsert(ProductUpdate update) {
    return pg.transactions().withTransaction(conn -> query(conn, ProductSql.LOCK, Tuple.of(update.id()))
        .map(ProductRepository::single)
        .compose(current -> {
          update.requireVersion(current.map(Product::version).orElse(ProductUpdate.ABSENT_VERSION));
          return current.isPresent()
              ? write(conn, ProductSql.UPDATE, update.applyTo(current.get())).map(Optional::orElseThrow)
              : write(conn, ProductSql.CREATE, update.toCreate()).map(created -> created.orElseThrow(() ->
                  DomainException.aborted("product " + update.id() + " was created by a concurrent call (retry)")));
        }));
  }

  /**
   * Applies the delta once per key: a retry (also one racing the first call) gets the product as
   * the first call returned it; the key with another delta is ALREADY_EXISTS.
   */
  public Future<StockAdjustment.Result> adjustStock(StockAdjustment adjustment) {
    return findAdjustment(adjustment).compose(earlier -> earlier.isPresent()
        ? replay(earlier.get(), adjustment)
        : applyOnce(adjustment).map(p -> new StockAdjustment.Result(p, false)).recover(err -> err instanceof KeyTaken
            ? findAdjustment(adjustment).compose(winner -> replay(winner.orElseThrow(), adjustment))
            : Future.failedFuture(err)));
  }

  public Future<Long> cacheEpoch() {
    return query(pg.reads(), ProductSql.CACHE_EPOCH, Tuple.tuple()).map(rows -> rows.iterator().next().getLong("epoch"));
  }

  private Future<Product> applyOnce(StockAdjustment a) {
    return pg.transactions().withTransaction(conn ->
        query(conn, ProductSql.CLAIM_ADJUSTMENT, Tuple.of(a.productId(), a.requestId(), a.delta()))
            .compose(claimed -> claimed.size() == 0
                ? Future.failedFuture(new KeyTaken())
                : query(conn, ProductSql.APPLY_ADJUSTMENT, Tuple.of(a.productId(), a.requestId(), a.delta())))
            .compose(applied -> applied.size() == 1
                ? Future.succeededFuture(toProduct(applied.iterator().next()))
                : refused(conn, a)));
  }

  /** Why no row was adjusted: the product is missing, or the delta would take the stock below zero. */
  private static Future<Product> refused(SqlConnection conn, StockAdjustment a) {
    return query(conn, ProductSql.STOCK_OF, Tuple.of(a.productId())).compose(rows -> Future.failedFuture(
        rows.size() == 0
            ? DomainException.notFound("product " + a.productId() + " not found")
            : DomainException.precondition("insufficient stock for product " + a.productId() + " (available "
                + rows.iterator().next().getInteger("stock") + " and delta " + a.delta() + ")")));
  }

  private Future<Optional<Adjusted>> findAdjustment(StockAdjustment a) {
    return query(pg.reads(), ProductSql.FIND_ADJUSTMENT, Tuple.of(a.productId(), a.requestId())).map(rows ->
        rows.size() == 0
            ? Optional.empty()
            : Optional.of(new Adjusted(toProduct(rows.iterator().next()), rows.iterator().next().getInteger("delta"))));
  }

  private static Future<StockAdjustment.Result> replay(Adjusted earlier, StockAdjustment a) {
    return earlier.delta() == a.delta()
        ? Future.succeededFuture(new StockAdjustment.Result(earlier.product(), true))
        : Future.failedFuture(DomainException.alreadyExists("request_id " + a.requestId()
            + " was already used for product " + a.productId() + " with delta " + earlier.delta()));
  }

  private static Future<Optional<Product>> write(SqlConnection conn, SqlStatement statement, Product p) {
    return query(conn, statement, Tuple.of(p.id(), p.name(), p.description(), p.priceCents(), p.currency(), p.stock()))
        .map(ProductRepository::single);
  }

  private static Future<RowSet<Row>> query(SqlClient client, SqlStatement statement, Tuple params) {
    return client.preparedQuery(statement.sql()).execute(params);
  }

  private static Optional<Product> single(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toProduct(rows.iterator().next()));
  }

  static Product toProduct(Row row) {
    return new Product(
        row.getString("id"),
        row.getString("name"),
        row.getString("description"),
        row.getLong("price_cents"),
        row.getString("currency"),
        row.getInteger("stock"),
        row.getOffsetDateTime("updated_at").toInstant(),
        row.getLong("version"));
  }
}
