package dev.orders.gate;

import dev.orders.db.SqlStatement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * EXPLAINs every registered statement with its representative parameters and applies
 * {@link PlanCheck} to each plan, twice:
 * <ul>
 *   <li>{@code plan_cache_mode = force_custom_plan}: the plan for these very parameter values,
 *       what a statement's first five executions get;
 *   <li>{@code force_generic_plan}: the parameter-blind plan PostgreSQL may switch a prepared
 *       statement to after five executions. The service caches its prepared statements, so
 *       this is the plan it runs most of the time.
 * </ul>
 * Statements are PREPAREd without declared types, as the Vert.x client does, and only ever
 * EXPLAINed (never ANALYZEd), inside a transaction that is rolled back: writes are not executed.
 */
final class IndexGate {

  private static final String PREPARED = "index_gate_statement";
  private static final List<String> MODES = List.of("force_custom_plan", "force_generic_plan");

  /** Every violation names the statement, the case, the plan mode and the plan node. */
  record Report(List<String> violations, List<String> notes, List<String> lines) {
    boolean passed() {
      return violations.isEmpty();
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      lines.forEach(l -> sb.append(l).append('\n'));
      notes.forEach(n -> sb.append("NOTE ").append(n).append('\n'));
      violations.forEach(v -> sb.append("FAIL ").append(v).append('\n'));
      sb.append(passed() ? "index gate: passed" : "index gate: " + violations.size() + " violation(s)");
      return sb.toString();
    }
  }

  private IndexGate() {}

  static Report run(Connection c, List<SqlStatement> statements, Map<String, List<GateCase>> cases) throws SQLException {
    Report report = new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Set<String> registered = new HashSet<>();
    for (SqlStatement statement : statements) {
      registered.add(statement.name());
      List<GateCase> forStatement = cases.getOrDefault(statement.name(), List.of());
      if (forStatement.isEmpty()) {
        report.violations().add(statement.name() + ": no representative parameters, so the gate cannot EXPLAIN it;"
            + " add its worst cases to GateCases");
        continue;
      }
      explainAll(c, statement, forStatement, report);
    }
    cases.keySet().stream().filter(name -> !registered.contains(name)).forEach(name -> report.violations()
        .add(name + ": has gate cases but is not in any statement registry (renamed or removed?)"));
    return report;
  }

  private static void explainAll(Connection c, SqlStatement statement, List<GateCase> cases, Report report)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      execute(c, "PREPARE " + PREPARED + " AS " + statement.sql());
      String signature = statement.name() + parameterTypes(c);
      for (String mode : MODES) {
        execute(c, "SET LOCAL plan_cache_mode = " + mode);
        for (GateCase gateCase : cases) {
          explain(c, signature, mode, gateCase, report);
        }
      }
    } catch (SQLException e) {
      report.violations().add(statement.name() + ": could not be EXPLAINed: " + e.getMessage());
    } finally {
      c.rollback();
      c.setAutoCommit(true);
      execute(c, "DEALLOCATE ALL");   // prepared statements outlive a rollback
    }
  }

  private static void explain(Connection c, String signature, String mode, GateCase gateCase, Report report)
      throws SQLException {
    String args = gateCase.args().stream().map(Arg::literal).collect(Collectors.joining(", "));
    String json;
    try (var s = c.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE " + PREPARED
             + (args.isEmpty() ? "" : "(" + args + ")"))) {
      rs.next();
      json = rs.getString(1);
    }
    JsonObject plan = new JsonArray(json).getJsonObject(0).getJsonObject("Plan");
    PlanCheck.Result result = PlanCheck.check(plan, gateCase, mode.equals("force_generic_plan"));
    String where = signature + " [" + gateCase.label() + ", " + mode.replace("force_", "").replace("_plan", "") + "]";
    report.lines().add(String.format("%-4s %s: %s", result.violations().isEmpty() ? "ok" : "FAIL", where,
        result.scans().isEmpty() ? "no table scans" : String.join("; ", result.scans())));
    result.violations().forEach(v -> report.violations().add(where + ": " + v));
    result.notes().forEach(n -> report.notes().add(where + ": " + n));
  }

  private static String parameterTypes(Connection c) throws SQLException {
    try (var s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT parameter_types::text FROM pg_prepared_statements WHERE name = '" + PREPARED + "'")) {
      rs.next();
      String types = rs.getString(1);
      return "(" + types.substring(1, types.length() - 1) + ")";
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
