package dev.orders.gate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules one plan must pass, applied to the JSON of {@code EXPLAIN (FORMAT JSON)}:
 * <ul>
 *   <li>no Seq Scan on orders, order_items, order_events or stock_adjustments: they grow without bound;
 *   <li>no Seq Scan on products for fewer than {@link #PRODUCT_SEQ_SCAN_FROM} ids. From there on
 *       the planner may rightly prefer one (1000 ids over a 10,000-row catalog touch most of its
 *       pages anyway): that is allowed and reported as a note, not hidden;
 *   <li>no Sort of more than ten times the rows the statement returns (a page sorted out of all
 *       of a user's orders);
 *   <li>in a generic plan, no full Sort feeding a LIMIT on orders: its estimate is for an average
 *       user, but the same plan then serves the heaviest one, reading and sorting all of their
 *       orders for every page. (In a custom plan the estimate is for the real user, and the
 *       rule above judges it.)
 * </ul>
 */
final class PlanCheck {

  static final int PRODUCT_SEQ_SCAN_FROM = 100;
  static final int SORT_FACTOR = 10;
  private static final Set<String> UNBOUNDED_TABLES = Set.of("orders", "order_items", "order_events", "stock_adjustments");

  /** What one plan broke (violations) and what it was allowed to do (notes). */
  record Result(List<String> violations, List<String> notes, List<String> scans) {}

  private PlanCheck() {}

  static Result check(JsonObject plan, GateCase gateCase, boolean generic) {
    Result result = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    walk(plan, gateCase, generic, false, result);
    return result;
  }

  private static void walk(JsonObject node, GateCase gateCase, boolean generic, boolean underLimit, Result result) {
    String type = node.getString("Node Type");
    String relation = node.getString("Relation Name");
    if (type.endsWith("Scan") && relation != null) {
      result.scans().add(describe(node));
    }
    if ("Seq Scan".equals(type) && UNBOUNDED_TABLES.contains(relation)) {
      result.violations().add(describe(node) + ": a sequential scan of a table that grows without bound");
    }
    if ("Seq Scan".equals(type) && "products".equals(relation)) {
      if (gateCase.ids() < PRODUCT_SEQ_SCAN_FROM) {
        result.violations().add(describe(node) + ": a sequential scan of products to look up " + gateCase.ids()
            + " id(s); below " + PRODUCT_SEQ_SCAN_FROM + " ids the primary key must be used");
      } else {
        result.notes().add("allowed: " + describe(node) + " for a batch of " + gateCase.ids()
            + " ids (from " + PRODUCT_SEQ_SCAN_FROM + " ids on, reading the whole catalog can beat as many index probes)");
      }
    }
    if (type.endsWith("Sort")) {
      checkSort(node, gateCase, generic && underLimit, result);
    }
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      walk(children.getJsonObject(i), gateCase, generic, underLimit || "Limit".equals(type), result);
    }
  }

  private static void checkSort(JsonObject node, GateCase gateCase, boolean underGenericLimit, Result result) {
    long rows = node.getLong("Plan Rows", 0L);
    if (rows > (long) SORT_FACTOR * gateCase.rows()) {
      result.violations().add(describe(node) + ": sorts ~" + rows + " rows for a result of at most "
          + gateCase.rows() + " (more than " + SORT_FACTOR + "x); the rows should come from an index in order");
    } else if ("Sort".equals(node.getString("Node Type")) && underGenericLimit && reads(node, "orders")) {
      result.violations().add(describe(node) + ": in the generic plan a full sort feeds LIMIT, so every page"
          + " reads and sorts all of a user's matching orders; an index in the ORDER BY order should deliver it");
    }
  }

  private static boolean reads(JsonObject node, String table) {
    if (table.equals(node.getString("Relation Name"))) {
      return true;
    }
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      if (reads(children.getJsonObject(i), table)) {
        return true;
      }
    }
    return false;
  }

  /** "Index Scan using idx_x on orders (rows=21)", "Sort [created_at DESC] (rows=9083)". */
  static String describe(JsonObject node) {
    StringBuilder sb = new StringBuilder(node.getString("Node Type"));
    if (node.containsKey("Index Name")) {
      sb.append(" using ").append(node.getString("Index Name"));
    }
    if (node.containsKey("Relation Name")) {
      sb.append(" on ").append(node.getString("Relation Name"));
    }
    if (node.containsKey("Sort Key")) {
      sb.append(" by ").append(node.getJsonArray("Sort Key").encode());
    }
    if (node.containsKey("Filter")) {
      sb.append(" filter ").append(abbreviate(node.getString("Filter")));
    }
    return sb.append(String.format(Locale.ROOT, " (est. rows=%d)", node.getLong("Plan Rows", 0L))).toString();
  }

  /** A 1000-id array literal in a filter would drown the report. */
  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
