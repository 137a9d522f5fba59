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
  /** CreateOrder accepts up to this many lines. */
  static final int MAX_LINES = 100;

  private GateCases() {}

  static Map<String, List<GateCase>> forFacts(GateFacts f) {
    Map<String, List<GateCase>> cases = new LinkedHashMap<>();
    List<String> few = f.fewProductIds();
    List<String> many = f.manyProductIds();
    List<String> lines = many.subList(0, MAX_LINES);
    String order = f.heavyUserNewestOrder();

    put(cases, OrderSql.FIND_BY_REQUEST,
        GateCase.of("heaviest user, existing request", ITEMS, text(f.heavyUser()), text(f.heavyUserRequestId())));
    put(cases, OrderSql.LOCK_PRODUCTS,
        GateCase.of("3 products", few.size(), Arg.textArray(few)).lookingUp(few.size()),
        GateCase.of(MAX_LINES + " products (most lines an order may have)", MAX_LINES, Arg.textArray(lines))
            .lookingUp(MAX_LINES));
    put(cases, OrderSql.INSERT_ORDER,
        GateCase.of("new order of the heaviest user", 1, text("ord_GATE"), text(f.heavyUser()), text("gate-request"),
            text("gate-hash"), integer(1234), text("EUR")));
    put(cases, OrderSql.RESERVE_STOCK,
        GateCase.of("3 lines", few.size(), Arg.textArray(few), intArray(List.of(1, 2, 3))).lookingUp(few.size()),
        GateCase.of(MAX_LINES + " lines", MAX_LINES, Arg.textArray(lines),
            intArray(Collections.nCopies(MAX_LINES, 1))).lookingUp(MAX_LINES));
    put(cases, OrderSql.INSERT_ITEMS,
        GateCase.of("3 lines", 3, text("ord_GATE"), intArray(List.of(1, 2, 3)), Arg.textArray(few),
            intArray(List.of(1, 1, 2)), bigintArray(List.of(100L, 200L, 300L))));
    put(cases, OrderSql.GET, GateCase.of("newest order of the heaviest user", ITEMS, text(order)));
    put(cases, OrderSql.STATUS_OF, GateCase.of("newest order of the heaviest user", 1, text(order)));
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
        GateCase.of("PENDING to CONFIRMED", ITEMS, text(order), text("PENDING"), text("CONFIRMED")));
    put(cases, OrderSql.CANCEL, GateCase.of("cancel one order", ITEMS, text(order), text("changed my mind")));
    put(cases, OrderSql.LOCK_ORDER_PRODUCTS,
        GateCase.of("products of one order", ITEMS, text(order)).lookingUp(ITEMS));
    put(cases, OrderSql.RELEASE_STOCK, GateCase.of("products of one order", ITEMS, text(order)).lookingUp(ITEMS));

    put(cases, ProductSql.GET, GateCase.of("one product", 1, text(few.get(0))));
    put(cases, ProductSql.GET_MANY,
        GateCase.of("3 ids", few.size(), Arg.textArray(few)).lookingUp(few.size()),
        GateCase.of(many.size() + " ids (largest batch)", many.size(), Arg.textArray(many)).lookingUp(many.size()));
    put(cases, ProductSql.UPSERT,
        GateCase.of("existing product", 1, text(few.get(0)), text("Gate"), text(""), integer(990), text("EUR"),
            integer(5)));
    put(cases, ProductSql.CACHE_EPOCH, GateCase.of("read at start-up", 1));
    put(cases, OrderSql.PAGE_TOKEN_KEY, GateCase.of("read at start-up", 1));
    return cases;
  }

  private static void put(Map<String, List<GateCase>> cases, SqlStatement statement, GateCase... forStatement) {
    cases.put(statement.name(), List.of(forStatement));
  }
}
