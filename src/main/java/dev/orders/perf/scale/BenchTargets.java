package dev.orders.perf.scale;

import dev.orders.db.Migrations;
import dev.orders.order.OrderStatus;
import dev.orders.order.PageCursor;
import dev.orders.order.PageTokens;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the benchmark asks for, read from the seeded database: order ids spread over the whole
 * table for GetOrder, and the heaviest user with page tokens 90% down their lists (the
 * planner's worst case) for ListOrders.
 */
record BenchTargets(List<String> orderIds, String heavyUser, String deepToken, String deepDeliveredToken) {

  static BenchTargets read(String pgUrl) throws SQLException {
    PgConnectOptions target = PgConnectOptions.fromUri(pgUrl);
    try (Connection c = Migrations.open(target, target.getDatabase())) {
      String heavy = first(c, "SELECT user_id FROM orders GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1");
      return new BenchTargets(sampleIds(c), heavy,
          deepToken(c, heavy, Optional.empty()), deepToken(c, heavy, Optional.of(OrderStatus.DELIVERED)));
    }
  }

  /** About 2000 ids, drawn reproducibly from all over the table (random pages, as in production). */
  private static List<String> sampleIds(Connection c) throws SQLException {
    double rows = Math.max(1, Double.parseDouble(first(c, "SELECT greatest(reltuples, 1) FROM pg_class WHERE relname = 'orders'")));
    double percent = Math.min(100, 2000 * 100 / rows);
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM orders TABLESAMPLE BERNOULLI (?) REPEATABLE (1)")) {
      s.setDouble(1, percent);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static String deepToken(Connection c, String user, Optional<OrderStatus> status) throws SQLException {
    // the status is bound as a parameter; NULL means "any status"
    String statusName = status.map(Enum::name).orElse(null);
    long count;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM orders WHERE user_id = ? AND (?::text IS NULL OR status = ?::text)")) {
      s.setString(1, user);
      s.setString(2, statusName);
      s.setString(3, statusName);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT created_at, id FROM orders"
        + " WHERE user_id = ? AND (?::text IS NULL OR status = ?::text)"
        + " ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 1")) {
      s.setString(1, user);
      s.setString(2, statusName);
      s.setString(3, statusName);
      s.setLong(4, Math.max(0, (long) (count * 0.9) - 1));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        PageCursor cursor = new PageCursor(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2));
        return PageTokens.encode(user, status, cursor);
      }
    }
  }

  private static String first(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
