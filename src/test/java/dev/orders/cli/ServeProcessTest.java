package dev.orders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.product;
import static io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;

import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.HealthProbe;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestPostgres;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `serve` as a real process: migrates, serves, and on SIGTERM drains and exits 0; a missing database is exit 1. */
class ServeProcessTest {

  @Test
  void serve_onSigterm_stopsCleanly_withExitCodeZero() throws Exception {
    String database = TestPostgres.createDatabase("orders_proc");
    int port = TestServer.freePort();
    Path log = Files.createTempFile("orders-serve", ".log");
    try {
      Process serve = start(Map.of("ORDERS_PG_URL", TestPostgres.SERVER.url(database),
          "ORDERS_GRPC_PORT", Integer.toString(port), "ORDERS_INSTANCES", "2", "ORDERS_ADMIN_PORT", "0",
          "ORDERS_AUTH_HS256_SECRET", TestServer.SECRET), log);
      awaitListening(port, serve, log);
      serve.destroy(); // SIGTERM
      assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "stopped within the grace period");
      String output = Files.readString(log);
      assertEquals(0, serve.exitValue(), output);
      assertTrue(output.contains("stopped"), output);
    } finally {
      TestPostgres.dropDatabase(database);
      Files.deleteIfExists(log);
    }
  }

  /**
   * The packaged stop order: readiness NOT_SERVING at once while the port still answers, then
   * the drain; a call accepted before the signal (held on a row lock) completes OK.
   */
  @Test
  void serve_onSigterm_turnsNotReadyBeforeThePortCloses_andFinishesAcceptedCalls() throws Exception {
    String database = TestPostgres.createDatabase("orders_sigterm");
    int port = TestServer.freePort();
    Path log = Files.createTempFile("orders-serve", ".log");
    Vertx vertx = Vertx.vertx();
    GrpcClient client = GrpcClient.client(vertx);
    SocketAddress address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    try (Connection locker = TestPostgres.SERVER.jdbc(database)) {
      Process serve = start(Map.of("ORDERS_PG_URL", TestPostgres.SERVER.url(database),
          "ORDERS_GRPC_PORT", Integer.toString(port), "ORDERS_INSTANCES", "2", "ORDERS_ADMIN_PORT", "0",
          "ORDERS_SHUTDOWN_DELAY_MS", "1500", "ORDERS_SHUTDOWN_GRACE_MS", "10000",
          "ORDERS_AUTH", "disabled"), log); // this test is about the stop, not about tokens
      awaitListening(port, serve, log);
      assertEquals(SERVING, HealthProbe.check(client, address, "readiness"));
      TestServer.await(TestServer.call(client, address, ProductServiceGrpcClient.UpsertProduct, product("prd_sig", 100, 5)));
      locker.setAutoCommit(false);
      locker.createStatement().execute("SELECT 1 FROM products WHERE id = 'prd_sig' FOR UPDATE");
      Future<Reply<Order>> accepted = TestServer.call(client, address, OrderServiceGrpcClient.CreateOrder,
          order("usr_sig", "req-sig").addItems(line("prd_sig", 1)).build());
      Thread.sleep(300); // reaches the row lock

      serve.destroy(); // SIGTERM
      HealthProbe.millisUntil("readiness NOT_SERVING while the port still answers", 1_000,
          () -> HealthProbe.check(client, address, "readiness") == NOT_SERVING);
      assertEquals(SERVING, HealthProbe.check(client, address, ""), "still live during the delay");
      locker.commit();

      assertEquals(GrpcStatus.OK, TestServer.await(accepted).status());
      assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "stopped within the grace period");
      assertEquals(0, serve.exitValue(), Files.readString(log));
      assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "the port is closed");
    } finally {
      TestServer.await(vertx.close());
      TestPostgres.dropDatabase(database);
      Files.deleteIfExists(log);
    }
  }

  @Test
  void serve_withUnreachableDatabase_saysWhereAndExitsOne() throws Exception {
    Path log = Files.createTempFile("orders-serve", ".log");
    try {
      Process serve = start(Map.of("ORDERS_PG_URL", "postgresql://postgres@127.0.0.1:" + TestServer.freePort() + "/orders",
          "ORDERS_AUTH_HS256_SECRET", TestServer.SECRET), log);
      assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
      String output = Files.readString(log);
      assertEquals(1, serve.exitValue(), output);
      assertTrue(output.contains("ORDERS_PG_URL") && output.contains("127.0.0.1"), output);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void serve_withAuthOnAndNoKey_namesTheVariablesAndExitsOne_beforeTouchingTheDatabase() throws Exception {
    Path log = Files.createTempFile("orders-serve", ".log");
    try {
      Process serve = start(Map.of("ORDERS_PG_URL", "postgresql://postgres@127.0.0.1:" + TestServer.freePort() + "/orders"), log);
      assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
      String output = Files.readString(log);
      assertEquals(1, serve.exitValue(), output);
      assertTrue(output.contains("ORDERS_AUTH_HS256_SECRET") && output.contains("ORDERS_AUTH_PUBLIC_KEYS_FILE"), output);
      assertFalse(output.contains("ORDERS_PG_URL"), "no migration was tried: " + output);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Process start(Map<String, String> env, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.orders.Main", "serve"))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(name -> name.startsWith("ORDERS_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void awaitListening(int port, Process serve, Path log) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (!serve.isAlive()) {
        throw new AssertionError("serve exited early: " + Files.readString(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("serve never listened: " + Files.readString(log));
  }
}
