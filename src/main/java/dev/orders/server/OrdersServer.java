package dev.orders.server;

import dev.orders.config.Config;
import dev.orders.db.Postgres;
import dev.orders.grpc.GrpcVerticle;
import dev.orders.grpc.GrpcVerticle.Services;
import dev.orders.order.OrderRepository;
import dev.orders.order.OrderService;
import dev.orders.product.ProductCatalog;
import dev.orders.product.ProductRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database clients, domain services and N gRPC verticles on one port.
 * Migrations are not its job: they run, blocking, before {@link #start}.
 */
public final class OrdersServer {

  private static final Logger LOG = LoggerFactory.getLogger(OrdersServer.class);

  private final Vertx vertx;
  private final Config config;
  private final Postgres pg;
  private final String deploymentId;

  private OrdersServer(Vertx vertx, Config config, Postgres pg, String deploymentId) {
    this.vertx = vertx;
    this.config = config;
    this.pg = pg;
    this.deploymentId = deploymentId;
  }

  public static Future<OrdersServer> start(Vertx vertx, Config config) {
    Postgres pg = Postgres.connect(vertx, config);
    Services services = new Services(
        new OrderService(new OrderRepository(pg)),
        new ProductCatalog(new ProductRepository(pg)));
    return vertx.deployVerticle(
            () -> new GrpcVerticle(services, config.grpcPort(), config.shutdownGrace()),
            new DeploymentOptions().setInstances(config.instances()))
        .map(id -> {
          LOG.info("serving gRPC on port {} with {} event-loop instances", config.grpcPort(), config.instances());
          return new OrdersServer(vertx, config, pg, id);
        })
        .recover(err -> pg.close().transform(v -> Future.failedFuture(err)));
  }

  public int port() {
    return config.grpcPort();
  }

  public Postgres postgres() {
    return pg;
  }

  /** Graceful: stop accepting, drain in-flight calls (bounded by ORDERS_SHUTDOWN_GRACE_MS), close pools. */
  public Future<Void> stop() {
    return vertx.undeploy(deploymentId).eventually(pg::close);
  }
}
