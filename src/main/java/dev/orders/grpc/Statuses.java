package dev.orders.grpc;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static net.logstash.logback.argument.StructuredArguments.value;

import dev.orders.error.DomainException;
import dev.orders.ops.RateLimitedLog;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from failures to gRPC statuses, decided by exception type and SQLSTATE (the two
 * rows Vert.x gives no type for, {@link #poolWaitExpired} and {@link #connectionClosed}, by exact
 * text). A caller's mistake never becomes INTERNAL; whatever no rule knows is INTERNAL and logged
 * once with the RPC and its ids.
 */
public final class Statuses {

  private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);

  /** What the caller is told. */
  record Answer(GrpcStatus status, String message) {
    StatusException exception() {
      return new StatusException(status, message);
    }
  }

  static final Answer OVERLOADED =
      new Answer(GrpcStatus.RESOURCE_EXHAUSTED, "too many calls waiting for a database connection (retry with backoff)");
  static final Answer TOO_MANY_CALLS =
      new Answer(GrpcStatus.RESOURCE_EXHAUSTED, "too many calls in flight (retry with backoff)");
  static final Answer UNREACHABLE = new Answer(GrpcStatus.UNAVAILABLE, "database unavailable (retry with backoff)");
  static final Answer STATEMENT_TIMEOUT = new Answer(GrpcStatus.DEADLINE_EXCEEDED, "database statement timed out");
  static final Answer CONFLICT = new Answer(GrpcStatus.ABORTED, "transaction conflict (retry the call)");
  static final Answer INTERNAL = new Answer(GrpcStatus.INTERNAL, "internal error");

  /** One row of the table: the failures it recognises and the answer they get. */
  record Rule(Predicate<Throwable> matches, Answer answer) {
    static Rule type(Class<? extends Throwable> type, Answer answer) {
      return new Rule(type::isInstance, answer);
    }
  }

  /**
   * Failures of the way to PostgreSQL, first match wins; each is looked for along the cause chain.
   * Vert.x 5.0.7 has no type of its own for an expired pool wait (see {@link #poolWaitExpired}) nor
   * for a call on a closed connection (see {@link #connectionClosed}).
   */
  static final List<Rule> TRANSPORT = List.of(
      Rule.type(ConnectionPoolTooBusyException.class, OVERLOADED), // the pool's wait queue is full
      new Rule(Statuses::poolWaitExpired, OVERLOADED),
      Rule.type(ClosedConnectionException.class, UNREACHABLE),
      new Rule(Statuses::connectionClosed, UNREACHABLE), // PostgreSQL went away (a restart) under or before a call
      // any I/O failure of the socket: refused, reset, no route to host, a closed channel, and "Broken pipe"
      // (a plain IOException: a COMMIT written to a backend PostgreSQL had just closed, in PostgresRestartedFaultIT)
      Rule.type(IOException.class, UNREACHABLE));

  /** PostgreSQL errors by SQLSTATE; any other state is INTERNAL. */
  static final Map<String, Answer> BY_SQLSTATE = Map.ofEntries(
      Map.entry("57014", STATEMENT_TIMEOUT), // statement_timeout or a cancel request
      Map.entry("40001", CONFLICT), // serialization failure
      Map.entry("40P01", CONFLICT), // deadlock detected
      Map.entry("53300", UNREACHABLE), // too many connections
      Map.entry("57P01", UNREACHABLE), // admin shutdown
      Map.entry("57P02", UNREACHABLE), // crash shutdown
      Map.entry("57P03", UNREACHABLE), // cannot connect now (starting up)
      Map.entry("08000", UNREACHABLE),
      Map.entry("08003", UNREACHABLE),
      Map.entry("08006", UNREACHABLE),
      // data the caller sent that PostgreSQL refuses; Validate should have caught it first
      Map.entry("22001", invalid("a text value is longer than the database accepts")),
      Map.entry("22003", invalid("a number is out of the range the database accepts")),
      Map.entry("22021", invalid("a text value contains a NUL byte or bytes that are not UTF-8")),
      Map.entry("22P02", invalid("a value is not in the format the database expects")),
      Map.entry("22P05", invalid("a text value has a character the database cannot store")));

  /**
   * The two failures vertx-sql-client 5.0.7 raises when {@code PoolOptions.connectionTimeout} expires
   * (SqlConnectionPool): a {@code NoStackTraceThrowable("Timeout")} from getConnection/withTransaction,
   * a {@code VertxException("Timeout waiting for connection")} from a query on the pool or pooled client.
   * Both are plain VertxExceptions, so the class and the exact text together identify them;
   * StatusesTest raises both from a real pool, so an upgrade that changes them fails the build.
   */
  private static final Set<String> POOL_WAIT_TIMEOUTS = Set.of("Timeout", "Timeout waiting for connection");

  private static final Duration TROUBLE_INTERVAL = Duration.ofSeconds(10);
  private static final Map<GrpcStatus, RateLimitedLog> DATABASE_TROUBLE = Map.of(
      GrpcStatus.UNAVAILABLE, new RateLimitedLog(LOG, TROUBLE_INTERVAL),
      GrpcStatus.RESOURCE_EXHAUSTED, new RateLimitedLog(LOG, TROUBLE_INTERVAL),
      GrpcStatus.DEADLINE_EXCEEDED, new RateLimitedLog(LOG, TROUBLE_INTERVAL));

  private Statuses() {}

  /** The status for {@code err} in the call {@code rpc} about {@code ids} (named in the log only). */
  public static StatusException toStatus(Throwable err, String rpc, String ids) {
    if (err instanceof StatusException s) {
      return s;
    }
    Optional<Answer> known = answer(err);
    if (known.isPresent()) {
      logKnown(known.get(), err, rpc, ids);
      return known.get().exception();
    }
    LOG.error("{} ({}) failed unexpectedly", value("rpc", rpc), value("ids", ids), kv("grpc_code", "INTERNAL"), err);
    return INTERNAL.exception();
  }

  /** The database's trouble is worth a warning, rate-limited as it repeats per call; a caller's mistake is not. */
  private static void logKnown(Answer answer, Throwable err, String rpc, String ids) {
    RateLimitedLog trouble = DATABASE_TROUBLE.get(answer.status());
    if (trouble != null) {
      trouble.warn("calls answered {}: {}; the last: {} ({})", value("grpc_code", answer.status().name()),
          answer.message(), value("rpc", rpc), value("ids", ids), kv("error", err.toString()));
    } else {
      LOG.debug("{} ({}) answered {}: {}", rpc, ids, answer.status(), err.toString());
    }
  }

  /** The answer a rule of the table gives, or empty when no rule knows the failure. */
  static Optional<Answer> answer(Throwable err) {
    if (err instanceof DomainException d) {
      return Optional.of(new Answer(switch (d.kind()) {
        case INVALID_ARGUMENT -> GrpcStatus.INVALID_ARGUMENT;
        case NOT_FOUND -> GrpcStatus.NOT_FOUND;
        case FAILED_PRECONDITION -> GrpcStatus.FAILED_PRECONDITION;
        case ALREADY_EXISTS -> GrpcStatus.ALREADY_EXISTS;
        case PERMISSION_DENIED -> GrpcStatus.PERMISSION_DENIED;
        case ABORTED -> GrpcStatus.ABORTED;
        case RESOURCE_EXHAUSTED -> GrpcStatus.RESOURCE_EXHAUSTED;
      }, d.getMessage()));
    }
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof PgException pg) {
        return Optional.ofNullable(BY_SQLSTATE.get(String.valueOf(pg.getSqlState()))).map(a -> naming(a, pg));
      }
      for (Rule rule : TRANSPORT) {
        if (rule.matches().test(t)) {
          return Optional.of(rule.answer());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The plain VertxExceptions vertx-sql-client and vertx-core 5.0.7 raise for a call on a
   * connection that closed (PostgreSQL restarted or ended the backend): they have no type of their
   * own, so the exact text identifies them (the class alone would also match unrelated failures).
   * SocketConnectionBase: calls pipelined behind the closing ("Pending requests ...") and calls
   * scheduled on a connection no longer CONNECTED ("... current status: CLOSING" / "CLOSED");
   * NetSocketInternal.CLOSED_EXCEPTION: a write on a socket already closed. StatusesTest raises the
   * ones a terminated backend produces from a real PostgreSQL; faults.PostgresRestartedFaultIT saw
   * the first two answered INTERNAL before they were here.
   */
  private static final Set<String> CONNECTION_CLOSED = Set.of(
      "Pending requests failed to be sent due to connection has been closed.",
      "Connection is not active now, current status: CLOSING",
      "Connection is not active now, current status: CLOSED",
      "Connection was closed");

  private static boolean connectionClosed(Throwable t) {
    return t instanceof VertxException && CONNECTION_CLOSED.contains(t.getMessage());
  }

  private static boolean poolWaitExpired(Throwable t) {
    return t instanceof VertxException && POOL_WAIT_TIMEOUTS.contains(t.getMessage());
  }

  private static Answer invalid(String cause) {
    return new Answer(GrpcStatus.INVALID_ARGUMENT, cause);
  }

  /** PostgreSQL names the column for some refusals; the caller then learns the field. */
  private static Answer naming(Answer answer, PgException pg) {
    if (answer.status() != GrpcStatus.INVALID_ARGUMENT || pg.getColumn() == null) {
      return answer;
    }
    return new Answer(answer.status(), answer.message() + " (field " + pg.getColumn() + ")");
  }
}
