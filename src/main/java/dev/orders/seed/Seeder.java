package dev.orders.seed;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fills products, orders and order_items with a production-sized dataset, set-based inside
 * PostgreSQL (generate_series; never a row at a time). Blocking JDBC: for the CLI and tests.
 *
 * <p>Two connections share the work, so both cores of a small box are busy: one transaction
 * truncates (with reset), loads products and drops the keys and indexes of the bulk tables;
 * then orders, items and the history load, each table in its key order on one connection, and
 * each key and index is rebuilt as soon as its table loaded, by whichever connection is free
 * (a {@link StepQueue}); then the foreign keys are re-added (validated), and VACUUM ANALYZE
 * runs, so the planner sees real statistics and the visibility map lets index-only scans work
 * as they would on a long-lived database. A failure after the first transaction empties the
 * tables and restores their keys and indexes: the database is left empty, with its schema as
 * migrated.
 */
public final class Seeder {

  /** The database already holds data and the caller did not ask to replace it. */
  public static final class NotEmptyException extends RuntimeException {
    NotEmptyException(String message) {
      super(message);
    }
  }

  /** Opens a new connection to the database being seeded. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  // items (the most rows) first: the order in which their keys and indexes are handed out
  private static final List<String> BULK_TABLES = List.of("order_items", "orders", "order_events");
  // the step group that loads each table: the history is written by the orders statement
  private static final Map<String, String> LOADED_BY =
      Map.of("order_items", "items", "orders", "orders", "order_events", "orders");
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

  /** Seeds the database {@code connections} open; refuses a non-empty one unless {@code reset}. */
  public void run(Connections connections, boolean reset) throws SQLException {
    long started = System.nanoTime();
    try (Connection c = connections.open(); Connection d = connections.open()) {
      session(c);
      session(d);
      DetachedIndexes detached = prepare(c, reset);
      try {
        steps(detached).run(List.of(c, d));
      } catch (SQLException | RuntimeException e) {
        empty(c, detached);
        throw e;
      }
      progress.printf(Locale.ROOT, "seed: done in %.1f s: %s%n", seconds(started), counts(c));
    }
  }

  /**
   * The load, in the order the connections take the steps: the longest table first; a table's
   * keys and indexes (one step each) once it loaded; the foreign keys once the keys they join
   * on are back; VACUUM ANALYZE of each table once nothing else needs it.
   */
  private StepQueue steps(DetachedIndexes detached) {
    StepQueue steps = new StepQueue();
    steps.add("items", c -> chunks("items", (from, to) -> update(c, sql.insertItems(from, to))));
    steps.add("orders", c -> chunks("orders and their history",
        (from, to) -> count(c, sql.insertOrdersWithHistory(from, to))));
    for (String table : BULK_TABLES) {
      for (DetachedIndexes.Rebuild rebuild : detached.rebuilds(table)) {
        steps.add(table + " indexed", c -> build(c, rebuild), LOADED_BY.get(table));
      }
    }
    return steps
        .add("foreign keys", c -> phase("validate and add foreign keys", () -> detached.restoreForeignKeys(c)),
            "orders indexed", "order_items indexed")
        .add("analyzed", c -> vacuum(c, "order_events"), "order_events indexed")
        .add("analyzed", c -> vacuum(c, "order_items"), "foreign keys")
        .add("analyzed", c -> vacuum(c, "orders, products, stock_adjustments"), "foreign keys");
  }

  private void build(Connection c, DetachedIndexes.Rebuild rebuild) throws SQLException {
    phase("build " + rebuild.name(), () -> {
      update(c, rebuild.sql());
    });
  }

  private void vacuum(Connection c, String tables) throws SQLException {
    phase("vacuum analyze " + tables, () -> {
      update(c, "VACUUM (ANALYZE) " + tables);
    });
  }

  /** One transaction: clear, products and their restocks, drop the bulk tables' keys and indexes. */
  private DetachedIndexes prepare(Connection c, boolean reset) throws SQLException {
    c.setAutoCommit(false);
    try {
      clear(c, reset);
      phase("products", () -> update(c, sql.insertProducts()));
      phase("stock adjustments", () -> update(c, sql.insertAdjustments()));
      DetachedIndexes detached = DetachedIndexes.read(c, BULK_TABLES);
      phase("drop keys and indexes (" + detached.count() + ")", () -> detached.drop(c));
      c.commit();
      return detached;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** After a failed load: no rows in the bulk tables, every key and index back. */
  private static void empty(Connection c, DetachedIndexes detached) throws SQLException {
    c.setAutoCommit(false);
    update(c, "TRUNCATE order_events, order_items, orders");
    detached.dropPresent(c);
    detached.restoreIndexes(c, BULK_TABLES);
    detached.restoreForeignKeys(c);
    c.commit();
  }

  private void chunks(String what, Chunk chunk) throws SQLException {
    for (long from = 1; from <= plan.orders(); from += CHUNK) {
      long to = Math.min(plan.orders(), from + CHUNK - 1);
      long first = from;
      String name = String.format(Locale.ROOT, "%s %,d-%,d of %,d", what, from, to, plan.orders());
      phase(name, () -> chunk.load(first, to));
    }
  }

  /**
   * Memory for the index builds and hash joins; JIT only costs time on these one-off statements.
   * No parallel workers for the index builds: both connections keep the cores busy already, and
   * a parallel sort adds the work of merging its workers' runs.
   */
  private static void session(Connection c) throws SQLException {
    update(c, "SET maintenance_work_mem = '512MB'");
    update(c, "SET max_parallel_maintenance_workers = 0");
    update(c, "SET work_mem = '64MB'");
    update(c, "SET jit = off");
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

  private interface Chunk {
    long load(long from, long to) throws SQLException;
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
