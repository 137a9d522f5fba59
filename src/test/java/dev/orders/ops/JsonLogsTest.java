package dev.orders.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orders.grpc.Statuses;
import dev.orders.testsupport.CapturedLogs;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator reads: JSON lines with the fields they filter on, and no secrets. */
class JsonLogsTest {

  @Test
  void unexpectedFailure_logsOneJsonLineWithRpcIdsAndStackTrace() {
    try (CapturedLogs logs = CapturedLogs.start(Level.INFO)) {
      var status = Statuses.toStatus(new IllegalStateException("boom"), "GetOrder", "order_id=ord_42");
      assertEquals(GrpcStatus.INTERNAL, status.status());

      List<JsonNode> lines = logs.json();
      assertEquals(1, lines.size(), logs.lines().toString());
      JsonNode line = lines.get(0);
      assertEquals("ERROR", line.get("level").asText());
      assertEquals("dev.orders.grpc.Statuses", line.get("logger").asText());
      assertEquals("GetOrder", line.get("rpc").asText());
      assertEquals("order_id=ord_42", line.get("ids").asText());
      assertEquals("INTERNAL", line.get("grpc_code").asText());
      assertEquals("GetOrder (order_id=ord_42) failed unexpectedly", line.get("message").asText());
      assertTrue(line.get("stack_trace").asText().contains("IllegalStateException: boom"), line.toString());
      assertTrue(line.hasNonNull("timestamp") && line.hasNonNull("thread"), line.toString());
    }
  }

  @Test
  void serverStart_withPasswordInRedisUrl_logsTheUrlRedacted() {
    try (CapturedLogs logs = CapturedLogs.start(Level.DEBUG)) {
      TestServer server = TestServer.start("orders_redact",
          Map.of("ORDERS_REDIS_URL", "redis://:hunter2-secret@127.0.0.1:6379"));
      server.close();

      String all = String.join("\n", logs.lines());
      assertFalse(all.contains("hunter2"), all);
      assertTrue(logs.json(l -> l.get("message").asText().contains("redis://:***@127.0.0.1:6379")).size() == 1, all);
    }
  }
}
