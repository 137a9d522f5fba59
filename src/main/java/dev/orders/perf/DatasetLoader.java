package dev.orders.perf;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The dataset contract: the one place in the load tool that knows table and column names
 * (orders.id, orders.user_id, products.id, and the catalog's index list), listed in
 * perf/README.md. Its own blocking JDBC, run once before the load starts, never on an event
 * loop. The tool reads nothing else from the target's database.
 */
public final class DatasetLoader {

  /** Order ids spread over the whole table and the user with the most orders, for the scale bench. */
  public record Spread(List<String> orderIds, String heaviestUser) {}

  private DatasetLoader() {}

  public static Dataset load(String pgUrl, int sampleSize) {
    PgConnectOptions target = PgConnectOptions.fromUri(pgUrl);
    try (Connection c = connect(target); Statement st = c.createStatement()) {
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
      return Dataset.of(where(target),
          number(st, "SELECT count(*) FROM orders"),
          number(st, "SELECT count(DISTINCT user_id) FROM orders"),
          number(st, "SELECT count(*) FROM products"),
          // secondary: indexes on orders and order_items that back no primary key or unique constraint
          (int) number(st, "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
              + " WHERE t.relname IN ('orders', 'order_items') AND t.relnamespace = current_schema()::regnamespace"
              + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"),
          orders, users, counts,
          strings(c, "SELECT id FROM products ORDER BY id LIMIT ?", Math.max(sampleSize, 100_000)));
    } catch (SQLException e) {
      throw unreadable(target, e);
    }
  }

  /** About {@code about} order ids, drawn reproducibly from all over the table (random pages, as in production). */
  public static Spread spread(String pgUrl, int about) {
    PgConnectOptions target = PgConnectOptions.fromUri(pgUrl);
    try (Connection c = connect(target); Statement st = c.createStatement()) {
      double rows = Math.max(1, number(st, "SELECT greatest(reltuples, 1)::bigint FROM pg_class WHERE relname = 'orders'"));
      List<String> ids = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM orders TABLESAMPLE BERNOULLI (?) REPEATABLE (1)")) {
        s.setDouble(1, Math.min(100, about * 100 / rows));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT user_id FROM orders GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1")) {
        if (!rs.next()) {
          throw new IllegalStateException("no orders in " + where(target) + "; seed it first");
        }
        return new Spread(ids, rs.getString(1));
      }
    } catch (SQLException e) {
      throw unreadable(target, e);
    }
  }

  private static Connection connect(PgConnectOptions target) throws SQLException {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {target.getHost()});
    source.setPortNumbers(new int[] {target.getPort()});
    source.setDatabaseName(target.getDatabase());
    source.setUser(target.getUser());
    source.setPassword(target.getPassword());
    source.setConnectTimeout(5);
    return source.getConnection();
  }

  private static String where(PgConnectOptions target) {
    return target.getHost() + ":" + target.getPort() + "/" + target.getDatabase();
  }

  private static IllegalStateException unreadable(PgConnectOptions target, SQLException e) {
    return new IllegalStateException("cannot read ids from PostgreSQL at " + where(target) + ": " + e.getMessage()
        + " (set --pg-url or ORDERS_PG_URL, or use --dataset)", e);
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
