package dev.orders.db;

import dev.orders.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.concurrent.TimeUnit;

/**
 * The two async PostgreSQL clients the service uses, built once per process and shared by
 * all verticle instances (a pool per instance would multiply connections by ORDERS_INSTANCES).
 *
 * @param transactions a {@link Pool}: the only client that can run a transaction
 * @param reads a pipelined pooled client for single-statement reads; many concurrent queries
 *     share a connection, which the plain pool cannot do
 */
public record Postgres(Pool transactions, SqlClient reads) {

  public static Postgres connect(Vertx vertx, Config config) {
    PgConnectOptions connect = connectOptions(config);
    Pool pool = PgBuilder.pool().with(poolOptions(config, "orders-pg-tx")).connectingTo(connect).using(vertx).build();
    SqlClient reads = PgBuilder.client().with(poolOptions(config, "orders-pg-reads")).connectingTo(connect).using(vertx).build();
    return new Postgres(pool, reads);
  }

  public static PgConnectOptions connectOptions(Config config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.pgUrl())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256)
        .setReconnectAttempts(0);
    if (!config.pgStatementTimeout().isZero()) {
      // a runaway query is cancelled by PostgreSQL itself instead of holding a connection
      options.addProperty("statement_timeout", Long.toString(config.pgStatementTimeout().toMillis()));
    }
    options.addProperty("application_name", "orders");
    return options;
  }

  private static PoolOptions poolOptions(Config config, String name) {
    return new PoolOptions()
        .setMaxSize(config.pgPoolSize())
        // bounded: under overload callers get RESOURCE_EXHAUSTED instead of an ever-growing queue
        .setMaxWaitQueueSize(10_000)
        .setConnectionTimeout((int) config.pgPoolWait().toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setName(name);
  }

  public Future<Void> close() {
    return Future.join(transactions.close(), reads.close()).mapEmpty();
  }
}
