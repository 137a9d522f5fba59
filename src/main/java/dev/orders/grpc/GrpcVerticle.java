package dev.orders.grpc;

import dev.orders.auth.AuthGate;
import dev.orders.config.TransportConfig;
import dev.orders.ops.AccessLog;
import dev.orders.ops.CallEnd;
import dev.orders.ops.InstanceOps;
import dev.orders.order.OrderService;
import dev.orders.order.PageTokens;
import dev.orders.product.ProductCatalog;
import dev.orders.tls.ServerCertificates;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One gRPC server on the event loop. Deployed ORDERS_INSTANCES times on the same port;
 * Vert.x spreads incoming connections over the instances.
 */
public final class GrpcVerticle extends VerticleBase {

  /** What one instance serves, and its share of operations (health, metrics). */
  public record Services(OrderService orders, PageTokens pageTokens, ProductCatalog catalog, AuthGate gate,
      InstanceOps ops) {
    Future<Void> start() {
      return ops.start().compose(v -> catalog.start());
    }

    Future<Void> close() {
      ops.close();
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
  private final TransportConfig transport;
  private final Protocols protocols;
  private final BiConsumer<HttpServerRequest, CallEnd> accessLog;
  private Optional<ServerCertificates> certificates = Optional.empty();
  private HttpServer http;

  public GrpcVerticle(ServicesFactory factory, CallLimits limits, int instance, int instances, int port,
      Duration shutdownGrace, boolean reflection, TransportConfig transport, boolean accessLog) {
    this.factory = factory;
    this.limits = limits;
    this.instance = instance + "/" + instances;
    this.port = port;
    this.shutdownGrace = shutdownGrace;
    this.reflection = reflection;
    this.transport = transport;
    this.protocols = new Protocols(transport);
    this.accessLog = AccessLog.of(accessLog, this.instance);
  }

  /**
   * Starts the services (Redis connects in the background), reads the TLS files if any, registers
   * the services, listens, then watches the TLS files for renewed certificates.
   */
  @Override
  public Future<?> start() {
    services = factory.create(vertx);
    certificates = transport.tls().map(files -> new ServerCertificates(vertx, files, transport.tlsReloadInterval()));
    return services.start()
        .compose(v -> certificates.map(c -> c.load().map(Optional::of)).orElse(Future.succeededFuture(Optional.empty())))
        .compose(tls -> listen(grpcServer(), tls))
        .onSuccess(server -> certificates.ifPresent(c -> c.watch(server)))
        // a failed start is not followed by stop(): release the timer and the Redis connection here
        .recover(err -> services.close().transform(closed -> Future.failedFuture(err)));
  }

  private GrpcServer grpcServer() {
    GrpcServer grpc = GrpcServer.server(vertx, Transport.grpcOptions(transport));
    grpc.addService(new WholeMessageGuard(
        new OrderGrpcService(services.orders(), services.pageTokens(), services.gate().callers())));
    grpc.addService(new WholeMessageGuard(new ProductGrpcService(services.catalog(), services.gate().callers())));
    if (reflection) {
      grpc.addService(ReflectionService.v1());
    }
    services.ops().bind(grpc);
    return grpc;
  }

  private Future<HttpServer> listen(GrpcServer grpc, Optional<ServerSSLOptions> tls) {
    http = vertx.createHttpServer(Transport.httpOptions(transport, port, tls));
    return http.requestHandler(request -> {
      request.response().putHeader(INSTANCE_HEADER, instance);
      CallEnd end = CallEnd.watch(request);
      services.ops().observe(request, end);
      accessLog.accept(request, end);
      if (protocols.answeredHere(request)) {
        return;
      }
      services.gate().admit(request, caller -> limits.admit(caller, end, grpc));
    }).listen();
  }

  /** Stops accepting, lets in-flight calls finish for up to the grace period, then closes. */
  @Override
  public Future<?> stop() {
    certificates.ifPresent(ServerCertificates::stop);
    return http.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS).eventually(services::close);
  }
}
