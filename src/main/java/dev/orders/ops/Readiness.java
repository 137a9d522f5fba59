package dev.orders.ops;

import dev.orders.config.Config;
import dev.orders.config.OpsConfig;
import dev.orders.db.Postgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the process should get calls: PostgreSQL answered the last bounded {@code SELECT 1},
 * and no stop has begun. One prober per process, on its own one-connection pool (a saturated
 * service pool would otherwise read as a database outage); every verticle instance's health
 * service reads the same state. Redis plays no part: the cache fails open to PostgreSQL.
 */
public final class Readiness {

  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  private final Vertx vertx;
  private final Pool probePool;
  private final OpsConfig config;
  private volatile boolean databaseAnswers;
  /** Set once the gRPC port listens: before it, a ready answer sends callers to a refused connection. */
  private volatile boolean listening;
  private volatile boolean stopping;
  private long timer;

  private Readiness(Vertx vertx, Pool probePool, OpsConfig config) {
    this.vertx = vertx;
    this.probePool = probePool;
    this.config = config;
  }

  /** Probes once, then every ORDERS_HEALTH_INTERVAL_MS; completes after the first probe. */
  public static Future<Readiness> start(Vertx vertx, Config config) {
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(1).setName("orders-pg-health")
            .setConnectionTimeout((int) config.ops().healthTimeout().toMillis())
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectingTo(Postgres.connectOptions(config))
        .using(vertx)
        .build();
    Readiness readiness = new Readiness(vertx, pool, config.ops());
    return readiness.probe().map(v -> {
      readiness.timer = vertx.setPeriodic(config.ops().healthInterval().toMillis(), id -> readiness.probe());
      return readiness;
    });
  }

  public boolean ready() {
    return listening && databaseAnswers && !stopping;
  }

  /** The gRPC instances listen: from now on readiness follows the database. */
  public void listening() {
    listening = true;
  }

  /** For the health service: never a failed future (5.0.7 would answer INTERNAL, not NOT_SERVING). */
  public Future<Boolean> check() {
    return Future.succeededFuture(ready());
  }

  /** From now on NOT_SERVING, whatever the database says: the process is about to stop. */
  public void stopping() {
    stopping = true;
  }

  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return probePool.close();
  }

  private Future<Void> probe() {
    return probePool.query("SELECT 1").execute()
        .timeout(config.healthTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .transform(result -> {
          record(result.succeeded(), result.cause());
          return Future.succeededFuture();
        });
  }

  private void record(boolean answered, Throwable failure) {
    if (answered != databaseAnswers) {
      if (answered) {
        LOG.info("PostgreSQL answers: readiness SERVING");
      } else {
        LOG.warn("PostgreSQL did not answer SELECT 1 within {} ms ({}): readiness NOT_SERVING",
            config.healthTimeout().toMillis(), failure.getMessage());
      }
    }
    databaseAnswers = answered;
  }
}
