package dev.orders.ops;

import com.google.protobuf.Descriptors.MethodDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * gRPC calls by method and status code, under the names go-grpc-prometheus and
 * java-grpc-prometheus use, so existing dashboards and alerts work unchanged. Vert.x's own HTTP
 * meters count every call as HTTP 200: the gRPC code travels in the {@code grpc-status} trailer
 * (or in the headers of a trailers-only answer), read here when the response ends.
 */
public final class CallMetrics {

  /** go-grpc-prometheus' default buckets: 5 ms to 10 s. */
  private static final Duration[] SLOS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000)
      .map(Duration::ofMillis).toArray(Duration[]::new);

  /** Labels of one method; any path no service declares shares one set, so scans cannot grow the series. */
  private record Method(String service, String method, String type) {
    static final Method UNKNOWN = new Method("unknown", "unknown", "unknown");
  }

  /** One method's meters, built once: a call only looks them up. */
  private final class Meters {
    final Method method;
    final Counter started;
    final Timer handling;
    final Map<String, Counter> handled = new ConcurrentHashMap<>();

    Meters(Method method) {
      this.method = method;
      this.started = Counter.builder("grpc.server.started")
          .description("RPCs started on the server")
          .tags(tags(method))
          .register(registry);
      this.handling = Timer.builder("grpc.server.handling")
          .description("Response latency of RPCs handled by the server")
          .tags(tags(method))
          .serviceLevelObjectives(SLOS)
          .register(registry);
    }

    Counter handled(String code) {
      return handled.computeIfAbsent(code, c -> Counter.builder("grpc.server.handled")
          .description("RPCs completed on the server, regardless of success or failure")
          .tags(tags(method)).tag("grpc_code", c)
          .register(registry));
    }
  }

  private final MeterRegistry registry;
  private final Map<String, Meters> byPath = new ConcurrentHashMap<>();
  private final Meters unknown;

  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.unknown = new Meters(Method.UNKNOWN);
  }

  /** Declares the methods of the bound services; a call to any other path is labelled "unknown". */
  public void recognise(List<Service> services) {
    for (Service service : services) {
      String name = service.name().fullyQualifiedName();
      for (MethodDescriptor m : service.methodDescriptors()) {
        byPath.computeIfAbsent("/" + name + "/" + m.getName(), path -> new Meters(new Method(name, m.getName(), type(m))));
      }
    }
  }

  /** Counts the call as started now and as handled, with its code and duration, when it ends. */
  public void observe(HttpServerRequest request, CallEnd end) {
    Meters meters = byPath.getOrDefault(request.path(), unknown);
    long start = System.nanoTime();
    meters.started.increment();
    end.then(status -> {
      meters.handled(status.name()).increment();
      meters.handling.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    });
  }

  private static String[] tags(Method method) {
    return new String[] {"grpc_service", method.service(), "grpc_method", method.method(), "grpc_type", method.type()};
  }

  private static String type(MethodDescriptor m) {
    if (m.isClientStreaming()) {
      return m.isServerStreaming() ? "bidi_stream" : "client_stream";
    }
    return m.isServerStreaming() ? "server_stream" : "unary";
  }

}
