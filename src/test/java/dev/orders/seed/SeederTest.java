package dev.orders.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.gate.GateDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seeder on small datasets, each in a database of its own that the test drops. */
class SeederTest {

  private static final SeedPlan SMALL = new SeedPlan(3_000, 300, 200, 7, SeedPlan.DEFAULT_UNTIL);
  private static final String SCHEMA = "SELECT string_agg(indexdef, ';' ORDER BY indexdef) || '|'"
      + " || (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ';' ORDER BY conname)"
      + "     FROM pg_constraint WHERE conrelid IN ('orders'::regclass, 'order_items'::regclass, 'products'::regclass))"
      + " FROM pg_indexes WHERE tablename IN ('orders', 'order_items', 'products')";
  private static final String FINGERPRINT = "SELECT md5(string_agg(o::text, ',' ORDER BY o.id))"
      + " || md5((SELECT string_agg(i::text, ',' ORDER BY i.order_id, i.line_no) FROM order_items i))"
      + " || md5((SELECT string_agg(p::text, ',' ORDER BY p.id) FROM products p)) FROM orders o";

  private static GateDatabase db;
  private static String emptySchema;

  @BeforeAll
  static void createDatabase() throws SQLException {
    db = GateDatabase.migrated("orders_seedtest");
    try (Connection c = db.connect()) {
      emptySchema = query(c, SCHEMA);
    }
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void seed_sameSeedTwice_sameRowsAndSameSchema() throws SQLException {
    try (Connection c = db.connect()) {
      seed(SMALL, true);
      String first = query(c, FINGERPRINT);
      seed(SMALL, true);
      assertEquals(first, query(c, FINGERPRINT));
      assertEquals(emptySchema, query(c, SCHEMA), "keys, indexes and foreign keys are rebuilt as migrated");
      seed(new SeedPlan(3_000, 300, 200, 8, SeedPlan.DEFAULT_UNTIL), true);
      assertNotEquals(first, query(c, FINGERPRINT), "another seed gives other data");
    }
  }

  @Test
  void seed_nonEmptyDatabaseWithoutReset_refusesAndChangesNothing() throws SQLException {
    try (Connection c = db.connect()) {
      seed(SMALL, true);
      String before = query(c, FINGERPRINT);
      var e = assertThrows(Seeder.NotEmptyException.class, () -> seed(SMALL.withOrders(10), false));
      assertTrue(e.getMessage().contains("--reset"), e.getMessage());
      assertEquals(before, query(c, FINGERPRINT));
    }
  }

  @Test
  void seed_generatedData_isConsistent() throws SQLException {
    try (Connection c = db.connect()) {
      seed(SMALL, true);
      assertEquals("3000", query(c, "SELECT count(*) FROM orders"));
      assertEquals("0", query(c, "SELECT count(*) FROM orders o WHERE total_cents <>"
          + " (SELECT sum(quantity * unit_price_cents) FROM order_items i WHERE i.order_id = o.id)"),
          "total_cents is the sum of the items");
      assertEquals("0", query(c, "SELECT count(*) FROM order_items i JOIN products p ON p.id = i.product_id"
          + " WHERE i.unit_price_cents <> p.price_cents"), "unit prices come from the products");
      assertEquals("1 5", query(c, "SELECT min(n) || ' ' || max(n) FROM"
          + " (SELECT count(*) AS n FROM order_items GROUP BY order_id) t"), "1-5 items per order");
      assertEquals("0", query(c, "SELECT count(*) FROM (SELECT id, created_at,"
          + " lag(created_at) OVER (ORDER BY id) AS previous FROM orders) t WHERE created_at < previous"),
          "ids sort like created_at");
      assertEquals("0", query(c, "SELECT count(*) FROM orders WHERE created_at > '" + SeedPlan.DEFAULT_UNTIL
          + "' OR created_at < '" + SeedPlan.DEFAULT_UNTIL.minusSeconds(731L * 86400) + "'"), "two years");
      assertTrue(Long.parseLong(query(c, "SELECT max(n) FROM (SELECT count(*) AS n FROM orders GROUP BY user_id) t"))
          > 5 * 3000 / 300, "some users have far more orders than the average of 10");
    }
  }

  @Test
  void plan_invalidSize_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SeedPlan(-1, 1, 1, 1, Instant.EPOCH));
    assertThrows(IllegalArgumentException.class, () -> new SeedPlan(1, 0, 1, 1, Instant.EPOCH));
  }

  private static void seed(SeedPlan plan, boolean reset) throws SQLException {
    new Seeder(plan, new PrintStream(new ByteArrayOutputStream())).run(db::connect, reset);
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
