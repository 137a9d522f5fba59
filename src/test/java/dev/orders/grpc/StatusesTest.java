package dev.orders.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.error.DomainException;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.TestPostgres;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.ConnectException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of the failure → status table, with the failures Vert.x and PostgreSQL really raise where it matters. */
class StatusesTest {

  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void closeVertx() {
    TestServer.await(VERTX.close());
  }

  @Test
  void statusException_passesThroughUnchanged() {
    StatusException s = new StatusException(GrpcStatus.PERMISSION_DENIED, "no");
    assertSame(s, Statuses.toStatus(s, "Test", "id=1"));
  }

  @ParameterizedTest
  @CsvSource({"INVALID_ARGUMENT, INVALID_ARGUMENT", "NOT_FOUND, NOT_FOUND",
      "FAILED_PRECONDITION, FAILED_PRECONDITION", "ALREADY_EXISTS, ALREADY_EXISTS",
      "ABORTED, ABORTED", "RESOURCE_EXHAUSTED, RESOURCE_EXHAUSTED"})
  void domainException_keepsItsMessage(DomainException.Kind kind, GrpcStatus expected) {
    StatusException s = status(new DomainException(kind, "order ord_1 is SHIPPED"));
    assertEquals(expected, s.status());
    assertEquals("order ord_1 is SHIPPED", s.message());
  }

  @ParameterizedTest
  @CsvSource({
      "57014, DEADLINE_EXCEEDED", "40001, ABORTED", "40P01, ABORTED",
      "53300, UNAVAILABLE", "57P01, UNAVAILABLE", "57P02, UNAVAILABLE", "57P03, UNAVAILABLE",
      "08000, UNAVAILABLE", "08003, UNAVAILABLE", "08006, UNAVAILABLE",
      "22001, INVALID_ARGUMENT", "22003, INVALID_ARGUMENT", "22021, INVALID_ARGUMENT",
      "22P02, INVALID_ARGUMENT", "22P05, INVALID_ARGUMENT",
      "23505, INTERNAL", "42P01, INTERNAL", "XX000, INTERNAL"})
  void postgresError_isMappedBySqlState(String sqlState, GrpcStatus expected) {
    assertEquals(expected, status(new PgException("message text is ignored", "ERROR", sqlState, null)).status());
  }

  @Test
  void postgresRefusal_withColumn_namesTheField() {
    PgException tooLong = new PgException("value too long", "ERROR", "22001", null, null, null, null, null, null,
        null, null, null, "public", "products", "name", null, null);
    StatusException s = status(tooLong);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, s.status());
    assertTrue(s.message().contains("field name"), s.message());
  }

  @Test
  void postgresRefusal_ofNulByte_fromRealServer_isInvalidArgument() {
    SqlClient client = PgBuilder.client().connectingTo(options()).using(VERTX).build();
    try {
      Throwable err = failure(client.preparedQuery("SELECT $1::text").execute(Tuple.of("a\u0000b")));
      assertEquals(GrpcStatus.INVALID_ARGUMENT, status(err).status(), err.toString());
    } finally {
      client.close();
    }
  }

  @Test
  void connectionFailures_areUnavailable() {
    for (Throwable err : new Throwable[] {ClosedConnectionException.INSTANCE, new ConnectException("Connection refused"),
        new SocketException("Connection reset"), new ClosedChannelException(), new IOException("Broken pipe"),
        new IllegalStateException("wrapped", new SocketException("Connection reset")),
        // what calls get when PostgreSQL restarts under them (faults.PostgresRestartedFaultIT); Vert.x has no type
        new VertxException("Pending requests failed to be sent due to connection has been closed.", true),
        new VertxException("Connection is not active now, current status: CLOSING", true),
        new VertxException("Connection is not active now, current status: CLOSED", true),
        new VertxException("Connection was closed", true)}) {
      assertEquals(GrpcStatus.UNAVAILABLE, status(err).status(), err.toString());
    }
  }

  /**
   * What a PostgreSQL restart does to an open connection (its backend ends: fast shutdown, here
   * pg_terminate_backend): the running statement, the one pipelined behind it ("Connection reset")
   * and one sent after the socket closed ("... current status: CLOSED"). Each must be UNAVAILABLE,
   * never INTERNAL. (A call that meets CLOSING, sent while the client itself closes, is a race that
   * no test reproduces reliably; connectionFailures_areUnavailable has its text.)
   */
  @Test
  void connectionEndedByPostgres_underPipelinedCalls_everyFailureIsUnavailable() {
    PgConnection conn = TestServer.await(PgConnection.connect(VERTX, options().setPipeliningLimit(16)));
    int pid = conn.processId();
    Future<?> running = conn.query("SELECT pg_sleep(5)").execute();
    Future<?> pipelined = conn.query("SELECT 1").execute();
    SqlClient admin = PgBuilder.client().connectingTo(options()).using(VERTX).build();
    try {
      TestServer.await(admin.preparedQuery("SELECT pg_terminate_backend($1)").execute(Tuple.of(pid)));
    } finally {
      admin.close();
    }
    List<Throwable> failures = List.of(failure(running), failure(pipelined), failure(conn.query("SELECT 1").execute()));
    for (Throwable err : failures) {
      assertEquals(GrpcStatus.UNAVAILABLE, status(err).status(), err.toString());
    }
  }

  @Test
  void connectionRefused_fromRealPool_isUnavailable() {
    Pool pool = PgBuilder.pool().connectingTo(options().setPort(TestServer.freePort())).using(VERTX).build();
    try {
      Throwable err = failure(pool.query("SELECT 1").execute());
      assertEquals(GrpcStatus.UNAVAILABLE, status(err).status(), err.toString());
    } finally {
      pool.close();
    }
  }

  @Test
  void waitQueueFull_isResourceExhausted() {
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, status(new ConnectionPoolTooBusyException("queue full")).status());
    Throwable real = poolWaitFailure(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(0),
        pool -> pool.getConnection().mapEmpty());
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, status(real).status(), real.toString());
  }

  @Test
  void poolWaitTimeout_ofGetConnectionOrTransaction_isResourceExhausted() {
    Throwable err = poolWaitFailure(shortWait(), pool -> pool.withTransaction(conn -> Future.succeededFuture()));
    StatusException s = status(err);
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, s.status(), err.toString());
    assertTrue(s.message().contains("retry with backoff"), s.message());
  }

  @Test
  void poolWaitTimeout_ofQueryOnPool_isResourceExhausted() {
    Throwable err = poolWaitFailure(shortWait(), pool -> pool.query("SELECT 1").execute().mapEmpty());
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, status(err).status(), err.toString());
  }

  @Test
  void poolWaitTimeout_ofPipelinedClient_isResourceExhausted() {
    SqlClient client = PgBuilder.client().with(shortWait()).connectingTo(options().setPipeliningLimit(1))
        .using(VERTX).build();
    try {
      // connected, so only the wait below can expire (connecting itself can take past 300 ms on a busy machine)
      Fixtures.eventually("the client connects", Duration.ofSeconds(30),
          () -> client.query("SELECT 1").execute().toCompletionStage().toCompletableFuture()
              .handle((rows, err) -> err == null).join());
      Future<?> holding = client.query("SELECT pg_sleep(1)").execute();
      Throwable err = failure(client.query("SELECT 1").execute());
      assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, status(err).status(), err.toString());
      TestServer.await(holding);
    } finally {
      client.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"Timeout", "Something else"})
  void unknownFailure_isInternalWithoutDetails(String message) {
    StatusException s = status(new IllegalStateException(message));
    assertEquals(GrpcStatus.INTERNAL, s.status());
    assertEquals("internal error", s.message());
  }

  @Test
  void vertxException_withAnotherText_isInternal() {
    VertxException other = new VertxException("Connection is not active now, current status: X");
    assertEquals(GrpcStatus.INTERNAL, status(other).status());
  }

  @Test
  void nullPointer_isInternal() {
    assertEquals(GrpcStatus.INTERNAL, status(new NullPointerException()).status());
  }

  /** Holds the only connection of a pool of one and returns the failure of a second use. */
  private static Throwable poolWaitFailure(PoolOptions poolOptions, Function<Pool, Future<Void>> secondUse) {
    Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(options()).using(VERTX).build();
    try {
      var held = TestServer.await(pool.getConnection());
      try {
        return failure(secondUse.apply(pool));
      } finally {
        held.close();
      }
    } finally {
      pool.close();
    }
  }

  private static PoolOptions shortWait() {
    return new PoolOptions().setMaxSize(1).setConnectionTimeout(300).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  private static PgConnectOptions options() {
    return PgConnectOptions.fromUri(TestPostgres.SERVER.url("postgres"));
  }

  private static Throwable failure(Future<?> future) {
    return TestServer.await(future.transform(done -> done.failed()
        ? Future.succeededFuture(done.cause())
        : Future.failedFuture(new AssertionError("expected a failure, got " + done.result()))));
  }

  private static StatusException status(Throwable err) {
    return Statuses.toStatus(err, "Test", "id=1");
  }
}
