package dev.orders.db;

import dev.orders.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
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

  private static final int CONNECT_TIMEOUT_MS = 5000;

  public static Postgres connect(Vertx vertx, Config config) {
    PgConnectOptions connect = connectOptions(config);
    Pool pool = PgBuilder.pool().with(poolOptions(config, "orders-pg-tx")).with(transport())
        .connectingTo(connect).using(vertx).build();
    SqlClient reads = PgBuilder.client().with(poolOptions(config, "orders-pg-reads")).with(transport())
        .connectingTo(connect).using(vertx).build();
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
        .setIdleTimeout((int) config.resilience().pgIdleTimeout().toMillis())
        .setMaxLifetime((int) config.resilience().pgMaxLifetime().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxLifetimeUnit(TimeUnit.MILLISECONDS)
        .setName(name);
  }

  /**
   * TCP keepalive, so a connection to a host that vanished is noticed by the kernel. The 5.0.7
   * PostgreSQL driver ignores these options (eclipse-vertx/vert.x#5901, honoured from 5.0.9); until
   * then a call is bounded by its deadline (ORDERS_DEFAULT_DEADLINE_MS when the caller sends none)
   * and PostgreSQL's statement_timeout.
   */
  private static NetClientOptions transport() {
    return new NetClientOptions().setTcpKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MS);
  }

  public Future<Void> close() {
    return Future.join(transactions.close(), reads.close()).mapEmpty();
  }
}
