package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.Main;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short real runs against the real service (own database from the shared fixture, dropped
 * afterwards): every call of the scenario goes out and none fails, and what the tool says
 * it created and cancelled is what the database holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealServerRunTest {

  private TestServer server;
  private Dataset data;

  @BeforeAll
  void startServerWithData() throws SQLException {
    server = TestServer.start("orders_perf", Map.of());
    Fixtures.insertProducts(server, "prd_", 200, 1_000_000_000);
    try (Connection c = server.jdbc(); Statement st = c.createStatement()) {
      // 2,000 orders over 100 users with skew (user i has ~1/i of them), one or two items each
      st.execute("INSERT INTO orders (id, user_id, request_id, request_hash, status, total_cents, currency, created_at)"
          + " SELECT 'ord_t' || g, 'usr_' || (1 + floor(100 * power(random(), 3)))::int, 'seed-' || g, 'h',"
          + " (ARRAY['PENDING','CONFIRMED','SHIPPED','DELIVERED','CANCELLED'])[1 + g % 5], 200, 'EUR',"
          + " now() - g * interval '1 minute' FROM generate_series(1, 2000) g");
      st.execute("INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)"
          + " SELECT 'ord_t' || g, l, 'prd_' || ((g + l * 7) % 200), 1, 100 FROM generate_series(1, 2000) g,"
          + " generate_series(1, 1 + g % 2) l");
      st.execute("ANALYZE");
    }
    data = DatasetLoader.load(server.config.pgUrl(), 1000);
  }

  @AfterAll
  void stop() {
    server.close();   // stops the server and drops its database
  }

  @Test
  void datasetLoader_readsIdsAndSizeFromTheDatabase() {
    assertEquals(2000, data.orderCount());
    assertEquals(200, data.productCount());
    assertEquals(1000, data.orderIds().size());
    assertTrue(data.userIds().size() <= 100 && data.userIds().size() > 10);
    assertTrue(data.secondaryIndexes() > 0, "the migrated schema has secondary indexes");
  }

  @Test
  void closedModel_mixed_zeroErrors_andTheDatabaseAgrees() throws SQLException {
    LoadPlan plan = new LoadPlan("127.0.0.1", server.config.grpcPort(), 2, LoadPlan.Model.CLOSED,
        Profile.constant(4, Duration.ofSeconds(3)), Scenario.load("mixed"), 10_000, Duration.ofSeconds(10),
        Optional.of(TestServer.SECRET));
    RunResult r = LoadRunner.run(plan, data, "test", s -> { });

    assertEquals(0, r.overall().errors(), () -> "errors: " + r.rpcs());
    for (Rpc rpc : Rpc.values()) {
      if (plan.scenario().uses(rpc)) {
        assertTrue(r.rpc(rpc.name()) != null && r.rpc(rpc.name()).count() > 0, rpc + " was called");
      }
    }
    assertFalse(r.series().isEmpty());
    assertEquals(r.rpc("CreateOrder").count(), count("SELECT count(*) FROM orders WHERE request_id LIKE 'load-%'"),
        "every CreateOrder made one order with a fresh request_id");
    assertEquals(r.rpc("CancelOrder").count(),
        count("SELECT count(*) FROM orders WHERE request_id LIKE 'load-%' AND status = 'CANCELLED'"),
        "CancelOrder cancelled only orders this run created, each once");
  }

  @Test
  void openModel_readHeavy_zeroErrors() {
    LoadPlan plan = new LoadPlan("127.0.0.1", server.config.grpcPort(), 2, LoadPlan.Model.OPEN,
        Profile.constant(100, Duration.ofSeconds(2)), Scenario.load("read-heavy"), 10_000, Duration.ofSeconds(10),
        Optional.of(TestServer.SECRET));
    RunResult r = LoadRunner.run(plan, data, "test", s -> { });

    assertEquals(200, r.overall().count());
    assertEquals(0, r.overall().errors(), () -> "errors: " + r.rpcs());
    assertTrue(r.rpc("ListOrders").count() > 0 && r.rpc("BatchGetProducts").count() > 0);
  }

  /**
   * The load test from a machine that cannot reach the database: the ids come from an exported
   * file, and the `load` process runs with ORDERS_PG_URL pointing at a closed port.
   */
  @Test
  void exportedDataset_loadRunsWithoutAnyReachableDatabase(@TempDir Path dir) throws Exception {
    Path dataset = dir.resolve("dataset.json");
    Path results = dir.resolve("results.json");
    assertEquals(0, Main.commandLine().execute("load", "--export-dataset", dataset.toString(),
        "--pg-url", server.config.pgUrl(), "--sample", "500"));

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder load = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "dev.orders.Main", "load", "--dataset", dataset.toString(), "--scenario", "read-heavy",
        "--target", "127.0.0.1:" + server.config.grpcPort(), "--vus", "2", "--duration", "2s",
        "--out", "json=" + results)).redirectErrorStream(true).redirectOutput(dir.resolve("load.log").toFile());
    load.environment().put("ORDERS_AUTH_HS256_SECRET", TestServer.SECRET);
    load.environment().put("ORDERS_PG_URL", "postgresql://postgres@127.0.0.1:" + TestServer.freePort() + "/orders");
    Process process = load.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "load finished");
    String log = Files.readString(dir.resolve("load.log"));
    assertEquals(0, process.exitValue(), log);
    JsonObject overall = new JsonObject(Files.readString(results)).getJsonObject("overall");
    assertTrue(overall.getLong("count") > 0, log);
    assertEquals(0, overall.getLong("errors"), log);
  }

  private long count(String sql) throws SQLException {
    try (Connection c = server.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
