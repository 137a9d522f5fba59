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
  private static final String RETURNED_ORDER =
      " RETURNING id, user_id, status, total_cents, currency, created_at, updated_at)";
  // the first key of the user locks: "ORDS" in ASCII
  private static final int USER_LOCK_SPACE = 0x4f524453;

  /**
   * Idempotency look-up; $1 user_id, $2 request_id. CreateOrder runs it right after LOCK_USER in
   * its transaction, so no create of the same user can commit between the look-up and the claim.
   */
  public static final SqlStatement FIND_BY_REQUEST = new SqlStatement("order.findByRequest",
      "SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS + ", o.request_hash"
          + " FROM orders o JOIN order_items i ON i.order_id = o.id"
          + " WHERE o.user_id = $1 AND o.request_id = $2 ORDER BY i.line_no");

  /**
   * Serializes one user's CreateOrder transactions, so COUNT_PENDING is exact under racing
   * creates; taken before any product lock (one lock order, no deadlocks). The two-int form keeps
   * these keys apart from single-bigint advisory locks (Flyway's). $1 user_id.
   *
   * <p>CreateOrder pipelines this, FIND_BY_REQUEST, COUNT_PENDING and READ_PRODUCTS on one
   * connection. The lock is its own statement on purpose: a statement's snapshot is taken when it
   * starts, so only statements that start after the lock is granted see every create of the user
   * committed before it. It is held until COMMIT, through INSERT_ORDER.
   */
  public static final SqlStatement LOCK_USER = new SqlStatement("order.lockUser",
      "SELECT true AS locked FROM pg_advisory_xact_lock(" + USER_LOCK_SPACE + ", hashtext($1))");

  /** The user's PENDING orders, counted up to $2 (the limit); exact under LOCK_USER. $1 user_id. */
  public static final SqlStatement COUNT_PENDING = new SqlStatement("order.countPending",
      "SELECT count(*) AS pending FROM (SELECT 1 FROM orders WHERE user_id = $1 AND status = 'PENDING' LIMIT $2) p");

  /**
   * The ordered products as they are now, unlocked: CreateOrder prices and checks the order on
   * them, and INSERT_ORDER writes it only if the rows it then locks still agree. $1 text[] ids.
   */
  public static final SqlStatement READ_PRODUCTS = new SqlStatement("order.readProducts",
      "SELECT id, price_cents, currency, stock FROM products WHERE id = ANY($1)");

  /**
   * Writes a priced and checked order in one statement, and is pipelined with COMMIT: no product
   * row is locked while the service thinks (hot products are locked by many orders; a lock held
   * across a round trip to the service serializes them on the service's latency, not the
   * database's). CTE {@code k} locks the products in id order (materialized: every lock is taken,
   * in that order, before any row is written; no deadlocks between orders). Only when every
   * locked row still has the price ($10) and currency ($6) the order was priced with and the stock
   * for its line ({@code ok}), it claims the idempotency key, records the creation event, reserves
   * the stock and inserts the items (line numbers follow the arrays); otherwise nothing is written.
   * The reservation has no stock guard of its own: it updates rows just checked under their
   * locks, and the CHECK (stock >= 0) would abort the transaction (the pipelined COMMIT then rolls
   * back) rather than commit part of an order. Answers one row per locked product with the
   * order's {@code created_at}, null when nothing was written (the rows then say why).
   * $1 order id, $2 user_id, $3 request_id, $4 request hash, $5 total, $6 currency, $7 actor,
   * $8 text[] product ids, $9 int[] quantities, $10 int8[] unit prices (one per line, in line order).
   */
  public static final SqlStatement INSERT_ORDER = new SqlStatement("order.insert",
      "WITH l AS (SELECT * FROM unnest($8::text[], $9::int[], $10::int8[]) WITH ORDINALITY"
          + " AS t(product_id, quantity, unit_price, line_no)),"
          + " k AS MATERIALIZED (SELECT id, price_cents, currency, stock FROM products WHERE id = ANY($8::text[])"
          + " ORDER BY id FOR UPDATE),"
          + " ok AS (SELECT 1 FROM k JOIN l ON l.product_id = k.id"
          + " WHERE k.stock >= l.quantity AND k.price_cents = l.unit_price AND k.currency = $6"
          + " HAVING count(*) = cardinality($8::text[])),"
          + " o AS (INSERT INTO orders (id, user_id, request_id, request_hash, status, total_cents, currency)"
          + " SELECT $1, $2, $3, $4, 'PENDING', $5, $6 FROM ok"
          + " ON CONFLICT (user_id, request_id) DO NOTHING RETURNING id, created_at),"
          + " e AS (INSERT INTO order_events (order_id, type, status, actor, created_at)"
          + " SELECT id, 'CREATED', 'PENDING', $7, created_at FROM o),"
          + " r AS (UPDATE products AS p SET stock = p.stock - l.quantity, updated_at = now(), version = p.version + 1"
          + " FROM l WHERE p.id = l.product_id AND EXISTS (SELECT 1 FROM o)),"
          + " i AS (INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)"
          + " SELECT o.id, l.line_no, l.product_id, l.quantity, l.unit_price FROM o, l)"
          + " SELECT (SELECT created_at FROM o) AS created_at, k.id, k.price_cents, k.currency, k.stock FROM k");

  /** $1 order id. */
  public static final SqlStatement GET = new SqlStatement("order.get",
      "SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS
          + " FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.id = $1 ORDER BY i.line_no");

  /**
   * The order's owner and its events, oldest first: no row when the order does not exist, one row
   * with a null event when it has none (created before the history existed). $1 order id.
   */
  public static final SqlStatement HISTORY = new SqlStatement("order.history",
      "SELECT o.user_id, e.id AS sequence, e.type, e.status, e.reason, e.actor, e.created_at"
          + " FROM orders o LEFT JOIN order_events e ON e.order_id = o.id WHERE o.id = $1 ORDER BY e.id");

  /**
   * Claims the oldest PENDING order created more than $1 seconds ago that no other sweeper holds;
   * the expiry then cancels it in the same transaction.
   */
  public static final SqlStatement CLAIM_EXPIRED = new SqlStatement("order.claimExpired",
      "SELECT id FROM orders WHERE status = 'PENDING' AND created_at < now() - $1::int * interval '1 second'"
          + " ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED");

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

  /** Compare-and-set status change with its event; $1 order id, $2 expected status, $3 new status, $4 actor. */
  public static final SqlStatement TRANSITION = new SqlStatement("order.transition",
      "WITH o AS (UPDATE orders SET status = $3, updated_at = now() WHERE id = $1 AND status = $2" + RETURNED_ORDER
          + ", e AS (INSERT INTO order_events (order_id, type, status, actor, created_at)"
          + " SELECT id, 'STATUS_CHANGED', status, $4, updated_at FROM o)"
          + withItems());

  /**
   * Only from PENDING or CONFIRMED, with its event; $1 order id, $2 the caller's reason (or
   * 'expired'), $3 the event's reason ('caller' or 'expired'), $4 actor.
   */
  public static final SqlStatement CANCEL = new SqlStatement("order.cancel",
      "WITH o AS (UPDATE orders SET status = 'CANCELLED', cancel_reason = $2, updated_at = now()"
          + " WHERE id = $1 AND status IN ('PENDING', 'CONFIRMED')" + RETURNED_ORDER
          + ", e AS (INSERT INTO order_events (order_id, type, status, reason, actor, created_at)"
          + " SELECT id, 'CANCELLED', status, $3, $4, updated_at FROM o)"
          + withItems());

  /**
   * Puts a cancelled order's quantities back; $1 order id. Pipelined with COMMIT, like
   * INSERT_ORDER, and like it locks the products first in id order (CTE {@code k}, materialized):
   * the update can reach a row only once {@code k} has locked it, so every lock is first taken in
   * id order and no cancel deadlocks with an order.
   */
  public static final SqlStatement RELEASE_STOCK = new SqlStatement("order.releaseStock",
      "WITH k AS MATERIALIZED (SELECT p.id FROM products p"
          + " WHERE p.id IN (SELECT product_id FROM order_items WHERE order_id = $1) ORDER BY p.id FOR UPDATE)"
          + " UPDATE products AS p SET stock = p.stock + r.qty, updated_at = now(), version = p.version + 1"
          + " FROM k JOIN (SELECT product_id, sum(quantity)::int AS qty FROM order_items WHERE order_id = $1"
          + " GROUP BY product_id) AS r ON r.product_id = k.id WHERE p.id = k.id");

  /** The key page tokens are signed with (one row, see V10__page_token_key.sql); read at start-up. */
  public static final SqlStatement PAGE_TOKEN_KEY = new SqlStatement("order.pageTokenKey",
      "SELECT key FROM page_token_key");

  public static List<SqlStatement> all() {
    return List.of(FIND_BY_REQUEST, LOCK_USER, COUNT_PENDING, READ_PRODUCTS, INSERT_ORDER, GET, HISTORY,
        LIST_FIRST, LIST_AFTER, LIST_BY_STATUS_FIRST, LIST_BY_STATUS_AFTER, TRANSITION, CANCEL, CLAIM_EXPIRED, RELEASE_STOCK, PAGE_TOKEN_KEY);
  }

  /** The changed order (CTE {@code o}) joined with its items. */
  private static String withItems() {
    return " SELECT " + ORDER_COLUMNS + ", " + ITEM_COLUMNS + " FROM o JOIN order_items i ON i.order_id = o.id"
        + " ORDER BY i.line_no";
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
