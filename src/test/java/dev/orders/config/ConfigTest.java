package dev.orders.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void fromEnv_withNothingSet_usesDocumentedDefaults() {
    Config c = Config.fromEnv(Map.of());
    assertEquals(50051, c.grpcPort());
    assertEquals("postgresql://postgres@127.0.0.1:5432/orders", c.pgUrl());
    assertEquals("redis://127.0.0.1:6379", c.redisUrl());
    assertEquals(Runtime.getRuntime().availableProcessors(), c.instances());
    assertEquals(java.time.Duration.ofSeconds(5), c.pgPoolWait());
  }

  @Test
  void fromEnv_readsEveryVariable() {
    Config c = Config.fromEnv(Map.of("ORDERS_GRPC_PORT", "6000", "ORDERS_PG_POOL_SIZE", "32", "ORDERS_INSTANCES", "3",
        "ORDERS_PG_URL", "postgresql://u:p@db:5433/x", "ORDERS_REDIS_URL", "redis://cache:6380",
        "ORDERS_PG_POOL_WAIT_MS", "250"));
    assertEquals(java.time.Duration.ofMillis(250), c.pgPoolWait());
    assertEquals(6000, c.grpcPort());
    assertEquals(32, c.pgPoolSize());
    assertEquals(3, c.instances());
    assertEquals("postgresql://u:p@db:5433/x", c.pgUrl());
    assertEquals("redis://cache:6380", c.redisUrl());
  }

  @Test
  void fromEnv_malformedValue_namesTheVariable() {
    var e = assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of("ORDERS_INSTANCES", "many")));
    assertTrue(e.getMessage().contains("ORDERS_INSTANCES"), e.getMessage());
    var range = assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of("ORDERS_GRPC_PORT", "70000")));
    assertTrue(range.getMessage().contains("ORDERS_GRPC_PORT"), range.getMessage());
  }

  @Test
  void transport_defaultsArePlainTextWithoutGrpcWeb_andTlsFilesComeInPairs() {
    TransportConfig t = Config.fromEnv(Map.of()).transport();
    assertTrue(t.tls().isEmpty());
    assertEquals(false, t.grpcWeb());
    assertEquals(java.time.Duration.ofSeconds(300), t.idleTimeout());

    TransportConfig on = Config.fromEnv(Map.of("ORDERS_TLS_CERT_FILE", "/c.pem", "ORDERS_TLS_KEY_FILE", "/k.pem",
        "ORDERS_GRPC_WEB", "true", "ORDERS_CORS_ORIGINS", "https://a.example, https://b.example")).transport();
    assertEquals(java.nio.file.Path.of("/c.pem"), on.tls().orElseThrow().cert());
    assertEquals(java.util.List.of("https://a.example", "https://b.example"), on.corsOrigins());

    for (var half : java.util.List.of(Map.of("ORDERS_TLS_KEY_FILE", "/k.pem"), Map.of("ORDERS_TLS_CLIENT_CA_FILE", "/ca.pem"),
        Map.of("ORDERS_GRPC_WEB", "yes"))) {
      var e = assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(half));
      assertTrue(e.getMessage().contains(half.keySet().iterator().next()), e.getMessage());
    }
  }
}
