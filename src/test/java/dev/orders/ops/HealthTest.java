package dev.orders.ops;

import static dev.orders.testsupport.HealthProbe.check;
import static dev.orders.testsupport.HealthProbe.millisUntil;
import static io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.config.Config;
import dev.orders.db.Migrations;
import dev.orders.db.Postgres;
import dev.orders.server.OrdersServer;
import dev.orders.testsupport.HealthProbe;
import dev.orders.testsupport.PostgresProcess;
import dev.orders.testsupport.RedisProcess;
import dev.orders.testsupport.TestServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows PostgreSQL, and only PostgreSQL: a database of the test's own is stopped and
 * started again under a running service, which is never restarted.
 */
class HealthTest {

  private static final long INTERVAL_MS = 200;
  private static final long TIMEOUT_MS = 300;
  /** Scheduling slack on a shared 2-core machine. */
  private static final long SLACK_MS = 1_000;

  @Test
  void readiness_followsPostgres_notRedis_onGrpcAndHttp_andWatchStreamsTransitions() throws Exception {
    try (PostgresProcess pg = PostgresProcess.start(); RedisProcess redis = RedisProcess.start()) {
      Config config = Config.fromEnv(Map.of("ORDERS_PG_URL", pg.url("postgres"), "ORDERS_REDIS_URL", redis.url(),
              "ORDERS_ADMIN_PORT", "0", "ORDERS_HEALTH_INTERVAL_MS", Long.toString(INTERVAL_MS),
              "ORDERS_HEALTH_TIMEOUT_MS", Long.toString(TIMEOUT_MS), "ORDERS_AUTH", "disabled"))
          .withGrpcPort(TestServer.freePort())
          .withInstances(2);
      Migrations.migrate(Postgres.connectOptions(config));
      MeteredVertx metered = MeteredVertx.create(Tracing.off());
      OrdersServer server = TestServer.await(OrdersServer.start(metered, config));
      GrpcClient client = GrpcClient.client(metered.vertx());
      SocketAddress address = SocketAddress.inetSocketAddress(config.grpcPort(), "127.0.0.1");
      String ready = "http://127.0.0.1:" + server.adminPort() + "/health/ready";
      try {
        for (String name : InstanceOps.READINESS_NAMES) {
          assertEquals(SERVING, check(client, address, name), name);
        }
        assertEquals(200, HealthProbe.get(ready).statusCode());
        List<ServingStatus> watched = HealthProbe.watch(client, address, "readiness");

        redis.stop();
        Thread.sleep(3 * INTERVAL_MS + TIMEOUT_MS);
        assertEquals(SERVING, check(client, address, "readiness"), "Redis does not decide readiness");

        pg.stop();
        long down = millisUntil("readiness NOT_SERVING", INTERVAL_MS + TIMEOUT_MS + SLACK_MS,
            () -> check(client, address, "readiness") == NOT_SERVING);
        assertTrue(down <= INTERVAL_MS + TIMEOUT_MS + SLACK_MS, down + " ms");
        for (String name : InstanceOps.READINESS_NAMES) {
          assertEquals(NOT_SERVING, check(client, address, name), name);
        }
        assertEquals(SERVING, check(client, address, ""), "the empty name is liveness: the process is up");
        assertEquals(503, HealthProbe.get(ready).statusCode());
        assertEquals(200, HealthProbe.get("http://127.0.0.1:" + server.adminPort() + "/health/live").statusCode());

        pg.restart();
        millisUntil("readiness SERVING again", 5_000, () -> check(client, address, "readiness") == SERVING);
        assertEquals(200, HealthProbe.get(ready).statusCode());
        millisUntil("Watch streamed both transitions", 5_000, () -> transitions(watched).size() >= 3);
        assertEquals(List.of(SERVING, NOT_SERVING, SERVING), transitions(watched));
      } finally {
        TestServer.await(server.stop());
        TestServer.await(metered.vertx().close());
      }
    }
  }

  /** 5.0.7's Watch repeats the status at every check interval, not only on changes: keep the changes. */
  private static List<ServingStatus> transitions(List<ServingStatus> streamed) {
    List<ServingStatus> changes = new ArrayList<>();
    for (ServingStatus s : streamed) {
      if (changes.isEmpty() || changes.get(changes.size() - 1) != s) {
        changes.add(s);
      }
    }
    return changes;
  }
}
