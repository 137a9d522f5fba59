package dev.orders.order;

import dev.orders.db.SqlStatement;
import java.util.List;

/**
 * Every statement the order repository issues. The index gate EXPLAINs each one on a
 * production-sized database; add a statement here, never inline in the repository.
 */
public final class OrderSql {

  private OrderSql() {}

  private static final String ORDER_COLUMNS =
      "o.id, o.user_id, o.status, o.total_cents, o.currency, o.created_at, o.updated_at";
  private static final String ITEM_COLUMNS = "i.product_id, i.quantity, i.unit_price_cents";

  /** Idempotency look-up; $1 user_id, $2 request_id. */
  public static final SqlStatement FIND_BY_REQUEST = new SqlStatement("order.findByRequest",
      "SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS + ", o.request_hash"
          + " FROM orders o JOIN order_items i ON i.order_id = o.id"
          + " WHERE o.user_id = $1 AND o.request_id = $2 ORDER BY i.line_no");

  /** Locks the ordered products in id order (no deadlocks between orders); $1 text[] sorted ids. */
  public static final SqlStatement LOCK_PRODUCTS = new SqlStatement("order.lockProducts",
      "SELECT id, price_cents, currency, stock FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE");

  /** Claims the idempotency key; returns no row when (user_id, request_id) is taken. */
  public static final SqlStatement INSERT_ORDER = new SqlStatement("order.insert",
      "INSERT INTO orders (id, user_id, request_id, request_hash, status, total_cents, currency)"
          + " VALUES ($1, $2, $3, $4, 'PENDING', $5, $6)"
          + " ON CONFLICT (user_id, request_id) DO NOTHING RETURNING created_at, updated_at");

  /** $1 text[] product ids, $2 int[] quantities; the stock guard backs up the CHECK constraint. */
  public static final SqlStatement RESERVE_STOCK = new SqlStatement("order.reserveStock",
      "UPDATE products AS p SET stock = p.stock - r.qty, updated_at = now()"
          + " FROM unnest($1::text[], $2::int[]) AS r(id, qty)"
          + " WHERE p.id = r.id AND p.stock >= r.qty");

  /** $1 order id, $2 int[] line numbers, $3 text[] product ids, $4 int[] quantities, $5 int8[] unit prices. */
  public static final SqlStatement INSERT_ITEMS = new SqlStatement("order.insertItems",
      "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)"
          + " SELECT $1, t.line_no, t.product_id, t.quantity, t.unit_price"
          + " FROM unnest($2::int[], $3::text[], $4::int[], $5::int8[]) AS t(line_no, product_id, quantity, unit_price)");

  /** $1 order id. */
  public static final SqlStatement GET = new SqlStatement("order.get",
      "SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS
          + " FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.id = $1 ORDER BY i.line_no");

  /** $1 order id. */
  public static final SqlStatement STATUS_OF = new SqlStatement("order.statusOf",
      "SELECT status FROM orders WHERE id = $1");

  // ListOrders: one statement per shape, so each gets its own plan (no "$3 IS NULL OR ..." that
  // defeats the index), newest first with id as the keyset tie-breaker; items joined per page.

  /** $1 user_id, $2 limit. */
  public static final SqlStatement LIST_FIRST = list("order.listFirst", "");
  /** $1 user_id, $2 limit, $3 cursor created_at, $4 cursor id. */
  public static final SqlStatement LIST_AFTER = list("order.listAfter", " AND (created_at, id) < ($3, $4)");
  /** $1 user_id, $2 limit, $3 status. */
  public static final SqlStatement LIST_BY_STATUS_FIRST = list("order.listByStatusFirst", " AND status = $3");
  /** $1 user_id, $2 limit, $3 status, $4 cursor created_at, $5 cursor id. */
  public static final SqlStatement LIST_BY_STATUS_AFTER =
      list("order.listByStatusAfter", " AND status = $3 AND (created_at, id) < ($4, $5)");

  /** Compare-and-set status change; $1 order id, $2 expected status, $3 new status. */
  public static final SqlStatement TRANSITION = new SqlStatement("order.transition",
      "WITH o AS (UPDATE orders SET status = $3, updated_at = now() WHERE id = $1 AND status = $2"
          + " RETURNING id, user_id, status, total_cents, currency, created_at, updated_at)"
          + " SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS
          + " FROM o JOIN order_items i ON i.order_id = o.id ORDER BY i.line_no");

  /** $1 order id, $2 reason. Only from PENDING or CONFIRMED. */
  public static final SqlStatement CANCEL = new SqlStatement("order.cancel",
      "WITH o AS (UPDATE orders SET status = 'CANCELLED', cancel_reason = $2, updated_at = now()"
          + " WHERE id = $1 AND status IN ('PENDING', 'CONFIRMED')"
          + " RETURNING id, user_id, status, total_cents, currency, created_at, updated_at)"
          + " SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS
          + " FROM o JOIN order_items i ON i.order_id = o.id ORDER BY i.line_no");

  /** Locks a cancelled order's products in id order, like LOCK_PRODUCTS; $1 order id. */
  public static final SqlStatement LOCK_ORDER_PRODUCTS = new SqlStatement("order.lockOrderProducts",
      "SELECT p.id FROM products p WHERE p.id IN (SELECT product_id FROM order_items WHERE order_id = $1)"
          + " ORDER BY p.id FOR UPDATE");

  /** Puts a cancelled order's quantities back; $1 order id. */
  public static final SqlStatement RELEASE_STOCK = new SqlStatement("order.releaseStock",
      "UPDATE products AS p SET stock = p.stock + r.qty, updated_at = now()"
          + " FROM (SELECT product_id, sum(quantity)::int AS qty FROM order_items WHERE order_id = $1"
          + " GROUP BY product_id) AS r WHERE p.id = r.product_id");

  /** The key page tokens are signed with (one row, see V10__page_token_key.sql); read at start-up. */
  public static final SqlStatement PAGE_TOKEN_KEY = new SqlStatement("order.pageTokenKey",
      "SELECT key FROM page_token_key");

  public static List<SqlStatement> all() {
    return List.of(FIND_BY_REQUEST, LOCK_PRODUCTS, INSERT_ORDER, RESERVE_STOCK, INSERT_ITEMS, GET, STATUS_OF,
        LIST_FIRST, LIST_AFTER, LIST_BY_STATUS_FIRST, LIST_BY_STATUS_AFTER, TRANSITION, CANCEL,
        LOCK_ORDER_PRODUCTS, RELEASE_STOCK, PAGE_TOKEN_KEY);
  }

  private static SqlStatement list(String name, String extraCondition) {
    return new SqlStatement(name,
        "WITH page AS (SELECT id, user_id, status, total_cents, currency, created_at, updated_at"
            + " FROM orders WHERE user_id = $1" + extraCondition
            + " ORDER BY created_at DESC, id DESC LIMIT $2)"
            + " SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS
            + " FROM page o JOIN order_items i ON i.order_id = o.id"
            + " ORDER BY o.created_at DESC, o.id DESC, i.line_no");
  }
}
