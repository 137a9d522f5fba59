package dev.orders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.testsupport.TestPostgres;
import dev.orders.testsupport.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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
          "ORDERS_GRPC_PORT", Integer.toString(port), "ORDERS_INSTANCES", "2",
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
