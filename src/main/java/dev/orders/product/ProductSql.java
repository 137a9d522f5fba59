package dev.orders.product;

import dev.orders.db.SqlStatement;
import java.util.List;

/** Every statement the product repository issues (see {@code OrderSql} for why they live here). */
public final class ProductSql {

  private ProductSql() {}

  private static final String COLUMNS = "id, name, description, price_cents, currency, stock, updated_at";

  /** $1 id. */
  public static final SqlStatement GET = new SqlStatement("product.get",
      "SELECT " + COLUMNS + " FROM products WHERE id = $1");

  /** $1 text[] ids, bound as one array parameter whatever their number. */
  public static final SqlStatement GET_MANY = new SqlStatement("product.getMany",
      "SELECT " + COLUMNS + " FROM products WHERE id = ANY($1)");

  /** $1 id, $2 name, $3 description, $4 price_cents, $5 currency, $6 stock. */
  public static final SqlStatement UPSERT = new SqlStatement("product.upsert",
      "INSERT INTO products (id, name, description, price_cents, currency, stock, updated_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, now())"
          + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,"
          + " price_cents = EXCLUDED.price_cents, currency = EXCLUDED.currency, stock = EXCLUDED.stock,"
          + " updated_at = now()"
          + " RETURNING " + COLUMNS);

  /** The dataset's cache epoch (one row); part of every cache key. */
  public static final SqlStatement CACHE_EPOCH = new SqlStatement("product.cacheEpoch",
      "SELECT epoch FROM cache_epoch");

  public static List<SqlStatement> all() {
    return List.of(GET, GET_MANY, UPSERT, CACHE_EPOCH);
  }
}
