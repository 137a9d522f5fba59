package dev.orders.grpc;

import dev.orders.auth.AuthGate;
import dev.orders.order.OrderService;
import dev.orders.product.ProductCatalog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC server on the event loop. Deployed ORDERS_INSTANCES times on the same port;
 * Vert.x spreads incoming connections over the instances.
 */
public final class GrpcVerticle extends VerticleBase {

  /** What one instance serves. */
  public record Services(OrderService orders, ProductCatalog catalog, AuthGate gate) {
    Future<Void> start() {
      return catalog.start();
    }

    Future<Void> close() {
      return catalog.close();
    }
  }

  /**
   * Builds an instance's services without I/O; they start in {@link #start()}, on the instance's
   * event loop, where its Redis connection lives.
   */
  @FunctionalInterface
  public interface ServicesFactory {
    Services create(io.vertx.core.Vertx vertx);
  }

  private static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  /**
   * Response header naming the instance that served a call ("1/2"): lets a load test see its
   * spread. Part of the wire contract; the service declares it here only.
   */
  public static final String INSTANCE_HEADER = "orders-instance";

  private final ServicesFactory factory;
  private final CallLimits limits;
  private final String instance;
  private final int port;
  private Services services;
  private final Duration shutdownGrace;
  private final boolean reflection;
  private HttpServer http;

  public GrpcVerticle(ServicesFactory factory, CallLimits limits, int instance, int instances, int port,
      Duration shutdownGrace, boolean reflection) {
    this.factory = factory;
    this.limits = limits;
    this.instance = instance + "/" + instances;
    this.port = port;
    this.shutdownGrace = shutdownGrace;
    this.reflection = reflection;
  }

  /** Starts the services (Redis connects in the background), then registers them, then listens. */
  @Override
  public Future<?> start() {
    services = factory.create(vertx);
    return services.start().map(v -> grpcServer()).compose(this::listen)
        // a failed start is not followed by stop(): release the timer and the Redis connection here
        .recover(err -> services.close().transform(closed -> Future.failedFuture(err)));
  }

  private GrpcServer grpcServer() {
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
        // answer DEADLINE_EXCEEDED when the caller's grpc-timeout passes instead of working on
        .setScheduleDeadlineAutomatically(true)
        .setMaxMessageSize(MAX_MESSAGE_BYTES));
    grpc.addService(new OrderGrpcService(services.orders(), services.gate().callers()));
    grpc.addService(new ProductGrpcService(services.catalog(), services.gate().callers()));
    if (reflection) {
      grpc.addService(ReflectionService.v1());
    }
    return grpc;
  }

  private Future<HttpServer> listen(GrpcServer grpc) {
    http = vertx.createHttpServer(new HttpServerOptions()
        .setHost("0.0.0.0")
        .setPort(port)
        .setTcpNoDelay(true)
        // grpc-java clients multiplex many calls on one connection; 100 streams is too few for them
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(1000)));
    return http.requestHandler(request -> {
      request.response().putHeader(INSTANCE_HEADER, instance);
      services.gate().admit(request, caller -> limits.admit(caller, grpc));
    }).listen();
  }

  /** Stops accepting, lets in-flight calls finish for up to the grace period, then closes. */
  @Override
  public Future<?> stop() {
    return http.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS).eventually(services::close);
  }
}
