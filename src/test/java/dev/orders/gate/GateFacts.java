package dev.orders.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Real values picked from the seeded database, the ones that stress the planner: the user with
 * the most orders, a user with a handful, cursors deep in the heaviest user's lists.
 */
record GateFacts(
    String heavyUser, long heavyUserOrders, String lightUser, String heavyUserNewestOrder, String heavyUserRequestId,
    Cursor deepCursor, Cursor deepDeliveredCursor, Cursor pendingCursor,
    List<String> fewProductIds, List<String> manyProductIds) {

  record Cursor(OffsetDateTime createdAt, String id) {}

  static final double DEEP = 0.9;   // a page token 90% of the way down the heaviest user's list

  static GateFacts read(Connection c) throws SQLException {
    String heavy = string(c, "SELECT user_id FROM orders GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1");
    long heavyCount = number(c, "SELECT count(*) FROM orders WHERE user_id = ?", heavy);
    String light = string(c, "SELECT user_id FROM orders GROUP BY user_id HAVING count(*) BETWEEN 2 AND 5"
        + " ORDER BY user_id LIMIT 1");
    String newest = string(c, "SELECT id FROM orders WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", heavy);
    String request = string(c, "SELECT request_id FROM orders WHERE id = ?", newest);
    return new GateFacts(heavy, heavyCount, light, newest, request,
        cursor(c, heavy, null), cursor(c, heavy, "DELIVERED"), cursor(c, heavy, "PENDING"),
        productIds(c, 3), productIds(c, 1000));
  }

  /** The (created_at, id) 90% down the user's list, optionally within one status. */
  private static Cursor cursor(Connection c, String user, String status) throws SQLException {
    String filter = status == null ? "" : " AND status = '" + status + "'";
    long count = number(c, "SELECT count(*) FROM orders WHERE user_id = ?" + filter, user);
    try (PreparedStatement s = c.prepareStatement("SELECT created_at, id FROM orders WHERE user_id = ?" + filter
        + " ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 1")) {
      s.setString(1, user);
      s.setLong(2, (long) Math.max(0, Math.floor(count * DEEP) - 1));
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("user " + user + " has no " + (status == null ? "" : status + " ") + "orders");
        }
        return new Cursor(rs.getObject(1, OffsetDateTime.class), rs.getString(2));
      }
    }
  }

  /** {@code n} existing product ids spread over the whole catalog, sorted (as the service sends them). */
  private static List<String> productIds(Connection c, int n) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS r,"
        + " count(*) OVER () AS total FROM products) p WHERE r % greatest(1, total / ?) = 0 ORDER BY id LIMIT ?")) {
      s.setInt(1, n);
      s.setInt(2, n);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static String string(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no row for: " + sql);
        }
        return rs.getString(1);
      }
    }
  }

  private static long number(Connection c, String sql, Object... params) throws SQLException {
    return Long.parseLong(string(c, sql, params));
  }
}
