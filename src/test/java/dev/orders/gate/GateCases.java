package dev.orders.gate;

import static dev.orders.gate.Arg.bigintArray;
import static dev.orders.gate.Arg.intArray;
import static dev.orders.gate.Arg.integer;
import static dev.orders.gate.Arg.text;
import static dev.orders.gate.Arg.timestamptz;

import dev.orders.db.SqlStatement;
import dev.orders.order.OrderSql;
import dev.orders.product.ProductSql;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Representative parameters for every registered statement, keyed by statement name. A
 * statement added to a registry without cases here fails the gate: add its worst cases.
 */
final class GateCases {

  /** Page size 20 plus the look-ahead row the repository asks for. */
  static final int PAGE = 21;
  /** Items per order in the seeded data (and the bound a sort of one order's items needs). */
  static final int ITEMS = 5;
  /** ORDERS_MAX_PENDING_PER_USER's default. */
  static final int PENDING_LIMIT = 50;
  /** CreateOrder accepts up to this many lines. */
  static final int MAX_LINES = 100;

  private GateCases() {}

  /** INSERT_ORDER for one unit of each product at 1.00 EUR (one row per locked product). */
  private static GateCase newOrder(String label, List<String> productIds, String user) {
    int n = productIds.size();
    return GateCase.of(label, n, text("ord_GATE"), text(user), text("gate-request"), text("gate-hash"),
        integer(100 * n), text("EUR"), text(""), Arg.textArray(productIds), intArray(Collections.nCopies(n, 1)),
        bigintArray(Collections.nCopies(n, 100L))).lookingUp(n);
  }

  static Map<String, List<GateCase>> forFacts(GateFacts f) {
    Map<String, List<GateCase>> cases = new LinkedHashMap<>();
    List<String> few = f.fewProductIds();
    List<String> many = f.manyProductIds();
    List<String> lines = many.subList(0, MAX_LINES);
    String order = f.heavyUserNewestOrder();

    put(cases, OrderSql.FIND_BY_REQUEST,
        GateCase.of("heaviest user, existing request", ITEMS, text(f.heavyUser()), text(f.heavyUserRequestId())));
    put(cases, OrderSql.LOCK_USER, GateCase.of("heaviest user", 1, text(f.heavyUser())));
    put(cases, OrderSql.COUNT_PENDING,
        GateCase.of("heaviest user, up to the limit", 1, text(f.heavyUser()), integer(PENDING_LIMIT)));
    put(cases, OrderSql.READ_PRODUCTS,
        GateCase.of("3 products", few.size(), Arg.textArray(few)).lookingUp(few.size()),
        GateCase.of(MAX_LINES + " products (most lines an order may have)", MAX_LINES, Arg.textArray(lines))
            .lookingUp(MAX_LINES));
    put(cases, OrderSql.INSERT_ORDER,
        newOrder("3 lines of the heaviest user", few, f.heavyUser()),
        newOrder(MAX_LINES + " lines of the heaviest user", lines, f.heavyUser()));
    put(cases, OrderSql.GET, GateCase.of("newest order of the heaviest user", ITEMS, text(order)));
    put(cases, OrderSql.HISTORY, GateCase.of("newest order of the heaviest user", ITEMS, text(order)));
    put(cases, OrderSql.LIST_FIRST,
        GateCase.of("heaviest user (" + f.heavyUserOrders() + " orders)", PAGE, text(f.heavyUser()), integer(PAGE)),
        GateCase.of("user with a handful of orders", PAGE, text(f.lightUser()), integer(PAGE)));
    put(cases, OrderSql.LIST_AFTER,
        GateCase.of("heaviest user, page token 90% deep", PAGE, text(f.heavyUser()), integer(PAGE),
            timestamptz(f.deepCursor().createdAt()), text(f.deepCursor().id())));
    put(cases, OrderSql.LIST_BY_STATUS_FIRST,
        GateCase.of("heaviest user, DELIVERED (most orders)", PAGE, text(f.heavyUser()), integer(PAGE), text("DELIVERED")),
        GateCase.of("heaviest user, PENDING (rare)", PAGE, text(f.heavyUser()), integer(PAGE), text("PENDING")));
    put(cases, OrderSql.LIST_BY_STATUS_AFTER,
        GateCase.of("heaviest user, DELIVERED, page token 90% deep", PAGE, text(f.heavyUser()), integer(PAGE),
            text("DELIVERED"), timestamptz(f.deepDeliveredCursor().createdAt()), text(f.deepDeliveredCursor().id())),
        GateCase.of("heaviest user, PENDING, page token 90% deep", PAGE, text(f.heavyUser()), integer(PAGE),
            text("PENDING"), timestamptz(f.pendingCursor().createdAt()), text(f.pendingCursor().id())));
    put(cases, OrderSql.TRANSITION,
        GateCase.of("PENDING to CONFIRMED", ITEMS, text(order), text("PENDING"), text("CONFIRMED"), text("")));
    put(cases, OrderSql.CANCEL,
        GateCase.of("cancel one order", ITEMS, text(order), text("changed my mind"), text("caller"), text("")));
    put(cases, OrderSql.CLAIM_EXPIRED,
        GateCase.of("default timeout (1800 s)", 1, integer(1800)),
        GateCase.of("2 s timeout (every PENDING order is due)", 1, integer(2)));
    put(cases, OrderSql.RELEASE_STOCK, GateCase.of("products of one order", ITEMS, text(order)).lookingUp(ITEMS));

    put(cases, ProductSql.GET, GateCase.of("one product", 1, text(few.get(0))));
    put(cases, ProductSql.GET_MANY,
        GateCase.of("3 ids", few.size(), Arg.textArray(few)).lookingUp(few.size()),
        GateCase.of(many.size() + " ids (largest batch)", many.size(), Arg.textArray(many)).lookingUp(many.size()));
    put(cases, ProductSql.LOCK, GateCase.of("one product", 1, text(few.get(0))));
    put(cases, ProductSql.CREATE,
        GateCase.of("new product", 1, text("prd_GATE"), text("Gate"), text(""), integer(990), text("EUR"), integer(5)));
    put(cases, ProductSql.UPDATE,
        GateCase.of("existing product", 1, text(few.get(0)), text("Gate"), text(""), integer(990), text("EUR"),
            integer(5)));
    put(cases, ProductSql.FIND_ADJUSTMENT, GateCase.of("one key", 1, text(few.get(0)), text("gate-adjust")));
    put(cases, ProductSql.CLAIM_ADJUSTMENT,
        GateCase.of("one key", 1, text(few.get(0)), text("gate-adjust"), integer(5)));
    put(cases, ProductSql.APPLY_ADJUSTMENT,
        GateCase.of("one product", 1, text(few.get(0)), text("gate-adjust"), integer(-5)));
    put(cases, ProductSql.STOCK_OF, GateCase.of("one product", 1, text(few.get(0))));
    put(cases, ProductSql.CACHE_EPOCH, GateCase.of("read at start-up", 1));
    put(cases, OrderSql.PAGE_TOKEN_KEY, GateCase.of("read at start-up", 1));
    return cases;
  }

  private static void put(Map<String, List<GateCase>> cases, SqlStatement statement, GateCase... forStatement) {
    cases.put(statement.name(), List.of(forStatement));
  }
}
