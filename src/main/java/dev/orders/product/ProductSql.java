package dev.orders.product;

import dev.orders.db.SqlStatement;
import java.util.List;

/** Every statement the product repository issues (see {@code OrderSql} for why they live here). */
public final class ProductSql {

  private ProductSql() {}

  private static final String COLUMNS = "id, name, description, price_cents, currency, stock, updated_at, version";

  /** $1 id. */
  public static final SqlStatement GET = new SqlStatement("product.get",
      "SELECT " + COLUMNS + " FROM products WHERE id = $1");

  /** $1 text[] ids, bound as one array parameter whatever their number. */
  public static final SqlStatement GET_MANY = new SqlStatement("product.getMany",
      "SELECT " + COLUMNS + " FROM products WHERE id = ANY($1)");

  /** UpsertProduct reads the row it will change under a lock, to check the version and merge the fields; $1 id. */
  public static final SqlStatement LOCK = new SqlStatement("product.lock",
      "SELECT " + COLUMNS + " FROM products WHERE id = $1 FOR UPDATE");

  /** $1 id, $2 name, $3 description, $4 price_cents, $5 currency, $6 stock; no row when a racing call created it. */
  public static final SqlStatement CREATE = new SqlStatement("product.create",
      "INSERT INTO products (id, name, description, price_cents, currency, stock, updated_at, version)"
          + " VALUES ($1, $2, $3, $4, $5, $6, now(), 1)"
          + " ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS);

  /** The merged row of a locked product; $1 id, $2 name, $3 description, $4 price_cents, $5 currency, $6 stock. */
  public static final SqlStatement UPDATE = new SqlStatement("product.update",
      "UPDATE products SET name = $2, description = $3, price_cents = $4, currency = $5, stock = $6,"
          + " updated_at = now(), version = version + 1 WHERE id = $1 RETURNING " + COLUMNS);

  /** AdjustStock's earlier answer for a key; $1 product id, $2 request id. */
  public static final SqlStatement FIND_ADJUSTMENT = new SqlStatement("product.findAdjustment",
      "SELECT product_id AS id, name, description, price_cents, currency, stock, updated_at, version, delta"
          + " FROM stock_adjustments WHERE product_id = $1 AND request_id = $2");

  /** Claims AdjustStock's idempotency key; no row when it is taken. $1 product id, $2 request id, $3 delta. */
  public static final SqlStatement CLAIM_ADJUSTMENT = new SqlStatement("product.claimAdjustment",
      "INSERT INTO stock_adjustments (product_id, request_id, delta) VALUES ($1, $2, $3)"
          + " ON CONFLICT (product_id, request_id) DO NOTHING RETURNING request_id");

  /**
   * stock = stock + delta in one statement, never below zero, and the answer kept with the claimed
   * key for retries; no row when the product is missing or the stock too low.
   * $1 product id, $2 request id, $3 delta.
   */
  public static final SqlStatement APPLY_ADJUSTMENT = new SqlStatement("product.applyAdjustment",
      "WITH p AS (UPDATE products SET stock = stock + $3, updated_at = now(), version = version + 1"
          + " WHERE id = $1 AND stock + $3 >= 0 RETURNING " + COLUMNS + "),"
          + " kept AS (UPDATE stock_adjustments a SET name = p.name, description = p.description,"
          + " price_cents = p.price_cents, currency = p.currency, stock = p.stock, updated_at = p.updated_at,"
          + " version = p.version FROM p WHERE a.product_id = $1 AND a.request_id = $2)"
          + " SELECT " + COLUMNS + " FROM p");

  /** The stock a refused adjustment found; $1 id. */
  public static final SqlStatement STOCK_OF = new SqlStatement("product.stockOf",
      "SELECT stock FROM products WHERE id = $1");

  /** The dataset's cache epoch (one row); part of every cache key. */
  public static final SqlStatement CACHE_EPOCH = new SqlStatement("product.cacheEpoch",
      "SELECT epoch FROM cache_epoch");

  public static List<SqlStatement> all() {
    return List.of(GET, GET_MANY, LOCK, CREATE, UPDATE, FIND_ADJUSTMENT, CLAIM_ADJUSTMENT, APPLY_ADJUSTMENT, STOCK_OF,
        CACHE_EPOCH);
  }
}
