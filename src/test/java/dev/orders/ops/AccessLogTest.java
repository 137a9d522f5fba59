package dev.orders.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.testsupport.CapturedLogs;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  @Test
  void accessLogOn_logsOneLinePerCallWithMethodCodeDurationPeerAndInstance() {
    TestServer server = TestServer.start("orders_access", Map.of("ORDERS_ACCESS_LOG", "true"));
    try (CapturedLogs logs = CapturedLogs.start(Level.INFO)) {
      GetOrderRequest missing = GetOrderRequest.newBuilder().setOrderId(Fixtures.unique("ord_")).build();
      assertEquals(GrpcStatus.NOT_FOUND, server.callAndWait(OrderServiceGrpcClient.GetOrder, missing).status());
      assertEquals(GrpcStatus.INVALID_ARGUMENT,
          server.callAndWait(OrderServiceGrpcClient.GetOrder, GetOrderRequest.getDefaultInstance()).status());

      Fixtures.eventually("two access lines", () -> access(logs).size() == 2);
      List<JsonNode> lines = access(logs);
      assertEquals(List.of("NOT_FOUND", "INVALID_ARGUMENT"), lines.stream().map(l -> l.get("grpc_code").asText()).toList());
      for (JsonNode line : lines) {
        assertEquals("orders.v1.OrderService/GetOrder", line.get("method").asText());
        assertTrue(line.get("duration_ms").asDouble() > 0, line.toString());
        assertTrue(line.get("peer").asText().startsWith("127.0.0.1:"), line.toString());
        assertTrue(line.get("instance").asText().matches("[12]/2"), line.toString());
      }
    } finally {
      server.close();
    }
  }

  private static List<JsonNode> access(CapturedLogs logs) {
    return logs.json(line -> line.get("logger").asText().equals("dev.orders.access"));
  }
}
