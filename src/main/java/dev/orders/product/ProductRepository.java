package dev.orders.product;

import dev.orders.db.Postgres;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Products in PostgreSQL, the source of truth for the catalog. */
public final class ProductRepository {

  private final Postgres pg;

  public ProductRepository(Postgres pg) {
    this.pg = pg;
  }

  public Future<Optional<Product>> get(String id) {
    return pg.reads().preparedQuery(ProductSql.GET.sql()).mapping(ProductRepository::toProduct)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** All products among {@code ids} that exist, in no particular order; one round trip. */
  public Future<List<Product>> getMany(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pg.reads().preparedQuery(ProductSql.GET_MANY.sql()).mapping(ProductRepository::toProduct)
        .execute(Tuple.of(ids.toArray(String[]::new)))
        .map(rows -> {
          List<Product> found = new ArrayList<>(rows.size());
          rows.forEach(found::add);
          return found;
        });
  }

  public Future<Product> upsert(Product p) {
    return pg.transactions().preparedQuery(ProductSql.UPSERT.sql()).mapping(ProductRepository::toProduct)
        .execute(Tuple.of(p.id(), p.name(), p.description(), p.priceCents(), p.currency(), p.stock()))
        .map(rows -> rows.iterator().next());
  }

  public Future<Long> cacheEpoch() {
    return pg.reads().preparedQuery(ProductSql.CACHE_EPOCH.sql()).execute()
        .map(rows -> rows.iterator().next().getLong("epoch"));
  }

  static Product toProduct(Row row) {
    return new Product(
        row.getString("id"),
        row.getString("name"),
        row.getString("description"),
        row.getLong("price_cents"),
        row.getString("currency"),
        row.getInteger("stock"),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
