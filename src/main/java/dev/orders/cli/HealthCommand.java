package dev.orders.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "health", mixinStandardHelpOptions = true,
    description = {"Ask a running service's grpc.health.v1.Health/Check; exit 0 when SERVING, 1 otherwise.",
        "For the image's HEALTHCHECK: one call on one event loop, so it runs in a small JVM (docs/deploy.md)."})
public final class HealthCommand implements Callable<Integer> {

  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> CHECK = ServiceMethod.client(
      ServiceName.create("grpc.health.v1.Health"), "Check",
      GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));

  @Option(names = "--target", defaultValue = "127.0.0.1:50051", description = "host:port of the gRPC server (default: ${DEFAULT-VALUE})")
  String target;

  @Option(names = "--service", defaultValue = "readiness",
      description = "health service name: readiness (PostgreSQL answers), \"\" (the process is up), orders.v1.OrderService... (default: ${DEFAULT-VALUE})")
  String service;

  @Option(names = "--timeout-ms", defaultValue = "3000", description = "give up after this long (default: ${DEFAULT-VALUE})")
  long timeoutMs;

  @Override
  public Integer call() {
    SocketAddress address = address(target);
    if (address == null) {
      System.err.println("orders health: --target must be host:port, got '" + target + "'");
      return 1;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    try {
      HealthCheckResponse.ServingStatus status = check(GrpcClient.client(vertx), address)
          .toCompletionStage().toCompletableFuture().get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
      System.out.println(status);
      return status == HealthCheckResponse.ServingStatus.SERVING ? 0 : 1;
    } catch (Exception e) {
      System.err.println("orders health: " + target + " service '" + service + "': " + ServerRunner.rootMessage(e));
      return 1;
    } finally {
      vertx.close();
    }
  }

  private Future<HealthCheckResponse.ServingStatus> check(GrpcClient client, SocketAddress address) {
    return client.request(address, CHECK)
        .compose(request -> request.timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .send(HealthCheckRequest.newBuilder().setService(service).build()))
        .compose(response -> response.last().recover(err -> Future.failedFuture(response.status() == GrpcStatus.OK
            ? err.getMessage()
            : response.status().name() + (response.statusMessage() == null ? "" : ": " + response.statusMessage()))))
        .map(HealthCheckResponse::getStatus);
  }

  private static SocketAddress address(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    try {
      return SocketAddress.inetSocketAddress(Integer.parseInt(target.substring(colon + 1)), target.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
