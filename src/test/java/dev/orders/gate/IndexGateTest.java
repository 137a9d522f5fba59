package dev.orders.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.db.SqlStatement;
import dev.orders.order.OrderSql;
import dev.orders.product.ProductSql;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The index gate: on a database seeded with the default 500k-order dataset, every statement the
 * service issues must be served by an index (see {@link PlanCheck} for the rules). A failure
 * names the statement, the parameters, the plan mode and the offending plan node.
 */
@ExtendWith(SeededDatabase.class)
class IndexGateTest {

  private static GateDatabase seeded;
  private static Map<String, List<GateCase>> cases;

  @BeforeAll
  static void readFacts(GateDatabase db) throws Exception {
    seeded = db;
    try (Connection c = db.connect()) {
      cases = GateCases.forFacts(GateFacts.read(c));
    }
  }

  static List<SqlStatement> registered() {
    List<SqlStatement> all = new ArrayList<>(OrderSql.all());
    all.addAll(ProductSql.all());
    return all;
  }

  @Test
  @DisplayName("every registered statement is served by an index at production scale")
  void gate_seededDatabase_everyStatementUsesAnIndex() throws Exception {
    IndexGate.Report report;
    try (Connection c = seeded.connect()) {
      report = IndexGate.run(c, registered(), cases);
    }
    System.out.println(report.text());
    assertTrue(report.passed(), () -> "index gate failed:\n" + String.join("\n", report.violations()));
  }

  @Test
  @DisplayName("a statement without representative parameters fails the gate")
  void gate_statementWithoutCases_fails() throws Exception {
    SqlStatement unknown = new SqlStatement("order.newQueryNobodyGated", "SELECT id FROM orders WHERE user_id = $1");
    IndexGate.Report report;
    try (Connection c = seeded.connect()) {
      report = IndexGate.run(c, List.of(unknown), Map.of());
    }
    assertFalse(report.passed());
    assertEquals(1, report.violations().size(), report.text());
    assertTrue(report.violations().get(0).startsWith("order.newQueryNobodyGated: no representative parameters"),
        report.text());
  }

  @Test
  @DisplayName("with idx_orders_user_created dropped, the gate fails and names the ListOrders statements")
  void gate_userCreatedIndexDropped_failsNamingListOrders() throws Exception {
    IndexGate.Report report;
    try (GateDatabase scratch = seeded.cloneAs("orders_gate_scratch"); Connection c = scratch.connect()) {
      try (var s = c.createStatement()) {
        s.execute("DROP INDEX idx_orders_user_created");
      }
      report = IndexGate.run(c, registered(), cases);
    }
    System.out.println("EXPECTED failures below: idx_orders_user_created was dropped on purpose in a clone, to prove the gate bites\n"
        + report.text().replace("FAIL ", "expected FAIL "));
    assertFalse(report.passed(), "the gate passed without idx_orders_user_created");
    assertTrue(report.violations().stream().anyMatch(v -> v.startsWith(OrderSql.LIST_FIRST.name() + "(")),
        () -> "no violation names " + OrderSql.LIST_FIRST.name() + ":\n" + report.text());
    assertTrue(report.violations().stream().allMatch(v -> v.startsWith("order.list")),
        () -> "only ListOrders statements use that index:\n" + report.text());
  }
}
