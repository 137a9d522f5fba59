package dev.orders.server;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.PostgresProcess;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A hung PostgreSQL (postmaster and backends frozen by SIGSTOP) costs a call its deadline, and the
 * pools recover by themselves once it answers again.
 */
class PostgresFreezeTest {

  private static final long DEFAULT_DEADLINE_MS = 1000;
  private static final int POOL_SIZE = 4;
  /** Transactions and pipelined reads, more than the connections of both pools. */
  private static final int BURST = 4 * POOL_SIZE;

  @Test
  void postgresFrozen_callsEndAtTheirDeadline_andThePoolsRecoverAfterThaw() throws Exception {
    try (PostgresProcess pg = PostgresProcess.start()) {
      TestServer server = TestServer.start(pg.server(), "orders_freeze", Map.of("ORDERS_PG_POOL_SIZE",
          Integer.toString(POOL_SIZE), "ORDERS_DEFAULT_DEADLINE_MS", Long.toString(DEFAULT_DEADLINE_MS)));
      try {
        String product = newProduct(server, 100, 100_000);
        assertTrue(burst(server, product).stream().allMatch(Reply::ok), "all calls succeed before the freeze");

        pg.freeze();
        try {
          long start = System.nanoTime();
          List<Reply<?>> frozen = burst(server, product);
          long ms = (System.nanoTime() - start) / 1_000_000;
          Set<GrpcStatus> allowed = Set.of(GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.UNAVAILABLE);
          frozen.forEach(r -> assertTrue(allowed.contains(r.status()), r.toString()));
          assertTrue(ms < DEFAULT_DEADLINE_MS + 1500, "the frozen burst ended after " + ms + " ms");
          Thread.sleep(3000); // frozen for a while longer than any deadline
        } finally {
          pg.thaw();
        }

        Fixtures.eventually("calls succeed again without a restart", Duration.ofSeconds(10),
            () -> burst(server, product).stream().allMatch(Reply::ok));
        Fixtures.eventually("no connection left busy", Duration.ofSeconds(10), () -> busyConnections(server) == 0);
        // both pools, plus readiness's own connection (its SELECT 1 must not queue behind the service's calls)
        assertTrue(connections(server) <= 2 * POOL_SIZE + 1, connections(server) + " connections");
      } finally {
        server.close();
      }
    }
  }

  /** Half CreateOrder (the transaction pool), half ListOrders (the pipelined reads), all at once, no deadline sent. */
  private static List<Reply<?>> burst(TestServer server, String product) {
    List<Future<? extends Reply<?>>> calls = new ArrayList<>();
    for (int i = 0; i < BURST / 2; i++) {
      String user = unique("usr_");
      calls.add(server.call(OrderServiceGrpcClient.CreateOrder, order(user, "req-1").addItems(line(product, 1)).build()));
      calls.add(server.call(OrderServiceGrpcClient.ListOrders, ListOrdersRequest.newBuilder().setUserId(user).build()));
    }
    List<Reply<?>> replies = new ArrayList<>();
    calls.forEach(c -> replies.add(TestServer.await(c)));
    return replies;
  }

  private static int busyConnections(TestServer server) {
    return Fixtures.queryInt(server, "SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
        + " AND application_name = 'orders' AND state <> 'idle'", server.database);
  }

  private static int connections(TestServer server) {
    return Fixtures.queryInt(server, "SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
        + " AND application_name = 'orders'", server.database);
  }
}
