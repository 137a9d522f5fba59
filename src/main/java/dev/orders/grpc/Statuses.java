package dev.orders.grpc;

import dev.orders.error.DomainException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one mapping from failures to gRPC statuses. A caller's mistake never becomes INTERNAL. */
public final class Statuses {

  private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);

  private Statuses() {}

  public static StatusException toStatus(Throwable err) {
    if (err instanceof StatusException s) {
      return s;
    }
    if (err instanceof DomainException d) {
      return new StatusException(switch (d.kind()) {
        case INVALID_ARGUMENT -> GrpcStatus.INVALID_ARGUMENT;
        case NOT_FOUND -> GrpcStatus.NOT_FOUND;
        case FAILED_PRECONDITION -> GrpcStatus.FAILED_PRECONDITION;
        case ALREADY_EXISTS -> GrpcStatus.ALREADY_EXISTS;
        case UNAVAILABLE -> GrpcStatus.UNAVAILABLE;
      }, d.getMessage());
    }
    if (err instanceof PgException pg) {
      return fromPostgres(pg);
    }
    if (err instanceof ConnectionPoolTooBusyException) {
      return new StatusException(GrpcStatus.RESOURCE_EXHAUSTED, "too many calls waiting for a database connection (retry with backoff)");
    }
    if (isUnreachable(err)) {
      LOG.warn("database unavailable: {}", err.toString());
      return new StatusException(GrpcStatus.UNAVAILABLE, "database unavailable (retry with backoff)");
    }
    LOG.error("unexpected failure", err);
    return new StatusException(GrpcStatus.INTERNAL, "internal error");
  }

  private static StatusException fromPostgres(PgException pg) {
    String state = pg.getSqlState() == null ? "" : pg.getSqlState();
    return switch (state) {
      case "57014" -> new StatusException(GrpcStatus.DEADLINE_EXCEEDED, "database statement timed out");
      // serialization failure, deadlock: safe to retry the whole call
      case "40001", "40P01" -> new StatusException(GrpcStatus.UNAVAILABLE, "transaction conflict (retry)");
      case "53300", "57P01", "57P02", "57P03", "08000", "08003", "08006" ->
          new StatusException(GrpcStatus.UNAVAILABLE, "database unavailable (retry with backoff)");
      default -> {
        LOG.error("database error {} {}", state, pg.getMessage());
        yield new StatusException(GrpcStatus.INTERNAL, "internal error");
      }
    };
  }

  private static boolean isUnreachable(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
          || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
      if (t instanceof VertxException v && v.getMessage() != null && v.getMessage().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }
}
