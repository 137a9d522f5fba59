package dev.orders.seed;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Fills products, orders and order_items with a production-sized dataset, set-based inside
 * PostgreSQL (generate_series; never a row at a time). Blocking JDBC: for the CLI and tests.
 *
 * <p>The load is one transaction: truncate (with reset), drop the keys and indexes, insert in
 * chunks, rebuild them, commit. VACUUM ANALYZE follows, so the planner sees real statistics and
 * the visibility map lets index-only scans work as they would on a long-lived database.
 */
public final class Seeder {

  /** The database already holds data and the caller did not ask to replace it. */
  public static final class NotEmptyException extends RuntimeException {
    NotEmptyException(String message) {
      super(message);
    }
  }

  private static final List<String> BULK_TABLES = List.of("orders", "order_items", "order_events");
  // one chunk per progress line; small enough that a chunk's sort and hash fit in memory
  private static final long CHUNK = 1_000_000;

  private final SeedPlan plan;
  private final SeedSql sql;
  private final PrintStream progress;

  public Seeder(SeedPlan plan, PrintStream progress) {
    this.plan = plan;
    this.sql = new SeedSql(plan);
    this.progress = progress;
  }

  /** Seeds the database {@code c} points at; refuses a non-empty one unless {@code reset}. */
  public void run(Connection c, boolean reset) throws SQLException {
    long started = System.nanoTime();
    c.setAutoCommit(false);
    try {
      session(c);
      clear(c, reset);
      phase("products", () -> update(c, sql.insertProducts()));
      phase("stock adjustments", () -> update(c, sql.insertAdjustments()));
      DetachedIndexes detached = DetachedIndexes.read(c, BULK_TABLES);
      phase("drop keys and indexes (" + detached.count() + ")", () -> detached.drop(c));
      for (long from = 1; from <= plan.orders(); from += CHUNK) {
        long to = Math.min(plan.orders(), from + CHUNK - 1);
        String range = String.format(Locale.ROOT, " %,d-%,d of %,d", from, to, plan.orders());
        long first = from;
        phase("orders and their history" + range, () -> count(c, sql.insertOrdersWithHistory(first, to)));
        phase("items " + range, () -> update(c, sql.insertItems(first, to)));
      }
      phase("rebuild keys and indexes, validate foreign keys", () -> detached.restore(c));
      phase("commit", c::commit);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    phase("vacuum analyze", () -> {
      update(c, "VACUUM (ANALYZE) products, orders, order_items, order_events, stock_adjustments");
    });
    progress.printf(Locale.ROOT, "seed: done in %.1f s: %s%n", seconds(started), counts(c));
  }

  /** Memory for the index builds and hash joins; JIT only costs time on these one-off statements. */
  private static void session(Connection c) throws SQLException {
    update(c, "SET LOCAL maintenance_work_mem = '512MB'");
    update(c, "SET LOCAL work_mem = '64MB'");
    update(c, "SET LOCAL jit = off");
  }

  private void clear(Connection c, boolean reset) throws SQLException {
    boolean empty = !exists(c, "SELECT EXISTS (SELECT 1 FROM orders) OR EXISTS (SELECT 1 FROM order_items)"
        + " OR EXISTS (SELECT 1 FROM products) OR EXISTS (SELECT 1 FROM order_events)"
        + " OR EXISTS (SELECT 1 FROM stock_adjustments)");
    if (empty) {
      return;
    }
    if (!reset) {
      throw new NotEmptyException("database " + c.getCatalog() + " already holds data (" + counts(c)
          + "); pass --reset to delete all orders, their items and history, and products, and seed anew");
    }
    phase("reset: truncate products, orders and their history", () -> {
      update(c, "TRUNCATE order_events, order_items, orders, stock_adjustments, products");
      // a new dataset: services started from now on must not read the old one's cache entries
      update(c, "UPDATE cache_epoch SET epoch = (random() * 9007199254740991)::bigint");
    });
  }

  private interface Step {
    void run() throws SQLException;
  }

  private interface Insert {
    long rows() throws SQLException;
  }

  private void phase(String name, Step step) throws SQLException {
    long started = System.nanoTime();
    step.run();
    progress.printf(Locale.ROOT, "seed: %-56s %16s %6.1f s%n", name, "", seconds(started));
  }

  private void phase(String name, Insert step) throws SQLException {
    long started = System.nanoTime();
    long rows = step.rows();
    progress.printf(Locale.ROOT, "seed: %-56s %,11d rows %6.1f s%n", name, rows, seconds(started));
  }

  private static String counts(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items),"
             + " (SELECT count(*) FROM products)")) {
      rs.next();
      return String.format(Locale.ROOT, "%,d orders, %,d order items, %,d products",
          rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  private static long count(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean exists(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  private static long update(Connection c, String statement) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeLargeUpdate(statement);
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
