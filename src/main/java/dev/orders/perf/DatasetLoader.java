package dev.orders.perf;

import dev.orders.db.Migrations;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that knows the data's shape (tables orders, order_items, products and their
 * columns). Blocking JDBC, run once before the load starts, never on an event loop.
 */
public final class DatasetLoader {

  private DatasetLoader() {}

  public static Dataset load(String pgUrl, int sampleSize) {
    PgConnectOptions target = PgConnectOptions.fromUri(pgUrl);
    try (Connection c = Migrations.open(target, target.getDatabase()); Statement st = c.createStatement()) {
      List<String> orders = strings(c, "SELECT id FROM orders ORDER BY random() LIMIT ?", sampleSize);
      List<String> users = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT user_id, count(*) FROM orders GROUP BY user_id ORDER BY random() LIMIT ?")) {
        ps.setInt(1, sampleSize);
        ResultSet rs = ps.executeQuery();
        while (rs.next()) {
          users.add(rs.getString(1));
          counts.add(rs.getLong(2));
        }
      }
      long[] cumulative = new long[counts.size()];
      long sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += counts.get(i);
        cumulative[i] = sum;
      }
      return new Dataset(target.getHost() + ":" + target.getPort() + "/" + target.getDatabase(),
          number(st, "SELECT count(*) FROM orders"),
          number(st, "SELECT count(DISTINCT user_id) FROM orders"),
          number(st, "SELECT count(*) FROM products"),
          // secondary: indexes on orders and order_items that back no primary key or unique constraint
          (int) number(st, "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
              + " WHERE t.relname IN ('orders', 'order_items') AND t.relnamespace = current_schema()::regnamespace"
              + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"),
          orders, users, cumulative,
          strings(c, "SELECT id FROM products ORDER BY id LIMIT ?", Math.max(sampleSize, 100_000)));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read ids from PostgreSQL at " + target.getHost() + ":" + target.getPort()
          + "/" + target.getDatabase() + ": " + e.getMessage() + " (set --pg-url or ORDERS_PG_URL)", e);
    }
  }

  private static List<String> strings(Connection c, String sql, int limit) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static long number(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
