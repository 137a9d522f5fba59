package dev.orders.ops;

import dev.orders.cache.CacheStats;
import dev.orders.config.Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide operations parts, one each: readiness (its PostgreSQL prober), the meters and
 * the admin HTTP port. Verticle instances get their share through {@link #forInstance}.
 */
public final class Operations {

  private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;
  private final CallMetrics calls;
  private final AdminServer admin;
  private final Config config;

  private Operations(PrometheusMeterRegistry registry, Readiness readiness, AdminServer admin, Config config) {
    this.registry = registry;
    this.readiness = readiness;
    this.calls = new CallMetrics(registry);
    this.admin = admin;
    this.config = config;
  }

  /** Probes PostgreSQL once, then opens the admin port. */
  public static Future<Operations> start(MeteredVertx metered, Config config, CacheStats cacheStats) {
    ServiceMeters.register(metered.registry(), cacheStats);
    return Readiness.start(metered.vertx(), config).compose(readiness ->
        AdminServer.start(metered.vertx(), config.ops(), metered.registry(), readiness)
            .onSuccess(admin -> LOG.info("admin HTTP on {}:{} (/metrics, /health/live, /health/ready)",
                config.ops().adminHost(), admin.port()))
            .map(admin -> new Operations(metered.registry(), readiness, admin, config))
            .recover(err -> readiness.close().transform(v -> Future.failedFuture(err))));
  }

  public InstanceOps forInstance(Vertx vertx) {
    return new InstanceOps(vertx, registry, readiness, calls, config.ops().healthInterval());
  }

  public Readiness readiness() {
    return readiness;
  }

  public int adminPort() {
    return admin.port();
  }

  public Future<Void> close() {
    return Future.join(admin.close(), readiness.close()).mapEmpty();
  }
}
