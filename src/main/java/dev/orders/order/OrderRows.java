package dev.orders.order;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/** Folds joined order/item rows (ordered by order, then line) into orders. */
final class OrderRows {

  private OrderRows() {}

  static List<Order> orders(RowSet<Row> rows) {
    List<Order> orders = new ArrayList<>();
    Row head = null;
    List<OrderItem> items = new ArrayList<>();
    for (Row row : rows) {
      if (head != null && !head.getString("id").equals(row.getString("id"))) {
        orders.add(order(head, items));
        items = new ArrayList<>();
      }
      if (head == null || items.isEmpty()) {
        head = row;
      }
      items.add(new OrderItem(row.getString("product_id"), row.getInteger("quantity"), row.getLong("unit_price_cents")));
    }
    if (head != null) {
      orders.add(order(head, items));
    }
    return orders;
  }

  static Order order(Row row, List<OrderItem> items) {
    return new Order(
        row.getString("id"),
        row.getString("user_id"),
        OrderStatus.valueOf(row.getString("status")),
        items,
        row.getLong("total_cents"),
        row.getString("currency"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
