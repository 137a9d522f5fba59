package dev.orders.testsupport;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** grpc.health.v1 Check and Watch over a real socket, and plain-HTTP GETs of the admin port. */
public final class HealthProbe {

  private static final ServiceName HEALTH = ServiceName.create("grpc.health.v1.Health");
  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> CHECK = method("Check");
  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> WATCH = method("Watch");
  /**
   * HTTP/1.1 as kubelet and Prometheus speak it. The JDK client's default, HTTP/2 with an h2c
   * upgrade, once read a /metrics body as HTTP/2 frames (ProtocolException "Frame type(104)") in CallMetricsTest.
   */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  /** A request to a process that is starting or frozen must not wait forever (the JDK's default). */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private HealthProbe() {}

  public static ServingStatus check(GrpcClient client, SocketAddress address, String service) {
    return TestServer.await(client.request(address, CHECK)
        .compose(req -> req.send(request(service)))
        .compose(resp -> resp.last())
        .map(HealthCheckResponse::getStatus));
  }

  /** Every status the server streams for {@code service}, in order, as they arrive. */
  public static List<ServingStatus> watch(GrpcClient client, SocketAddress address, String service) {
    List<ServingStatus> seen = new CopyOnWriteArrayList<>();
    TestServer.await(client.request(address, WATCH)
        .compose(req -> req.send(request(service)))
        .map(resp -> resp.handler(r -> seen.add(r.getStatus())))
        .mapEmpty());
    return seen;
  }

  /** GET on the admin port: the HTTP status and body. */
  public static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  private static ServiceMethod<HealthCheckResponse, HealthCheckRequest> method(String name) {
    return ServiceMethod.client(HEALTH, name, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));
  }

  /** Waits until {@code condition} holds, failing after {@code millis}; returns how long it took (ms). */
  public static long millisUntil(String what, long millis, java.util.function.BooleanSupplier condition) {
    long start = System.nanoTime();
    Fixtures.eventually(what, millis, condition);
    return (System.nanoTime() - start) / 1_000_000;
  }
}
