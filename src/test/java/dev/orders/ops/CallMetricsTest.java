package dev.orders.ops;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.testsupport.HealthProbe;
import dev.orders.testsupport.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /metrics counts gRPC calls by method and real status code, read from the grpc-status trailer. */
class CallMetricsTest {

  private static final String GET_ORDER = "grpc_method=\"GetOrder\",grpc_service=\"orders.v1.OrderService\",grpc_type=\"unary\"";
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("orders_metrics", Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void metrics_countGetOrderCallsPerCode_andHistogramBucketsAddUp() {
    String product = newProduct(server, 100, 10);
    Order created = server.callAndWait(OrderServiceGrpcClient.CreateOrder,
        order("usr_metrics", "req-metrics").addItems(line(product, 1)).build()).body();
    List<String> ids = List.of(created.getId(), created.getId(), created.getId(), "ord_missing1", "ord_missing2", "");
    List<GrpcStatus> expected = List.of(GrpcStatus.OK, GrpcStatus.OK, GrpcStatus.OK, GrpcStatus.NOT_FOUND,
        GrpcStatus.NOT_FOUND, GrpcStatus.INVALID_ARGUMENT);
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(expected.get(i), server.callAndWait(OrderServiceGrpcClient.GetOrder,
          GetOrderRequest.newBuilder().setOrderId(ids.get(i)).build()).status(), ids.get(i));
    }

    String metrics = HealthProbe.get(server.adminUrl() + "/metrics").body();

    assertEquals(6, value(metrics, "grpc_server_started_total{" + GET_ORDER + "}"), metrics);
    assertEquals(3, value(metrics, "grpc_server_handled_total{grpc_code=\"OK\"," + GET_ORDER + "}"));
    assertEquals(2, value(metrics, "grpc_server_handled_total{grpc_code=\"NOT_FOUND\"," + GET_ORDER + "}"));
    assertEquals(1, value(metrics, "grpc_server_handled_total{grpc_code=\"INVALID_ARGUMENT\"," + GET_ORDER + "}"));
    assertEquals(6, value(metrics, "grpc_server_handling_seconds_count{" + GET_ORDER + "}"));
    assertEquals(6, value(metrics, "grpc_server_handling_seconds_bucket{" + GET_ORDER + ",le=\"+Inf\"}"));
    double previous = 0;
    for (String le : List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf")) {
      double bucket = value(metrics, "grpc_server_handling_seconds_bucket{" + GET_ORDER + ",le=\"" + le + "\"}");
      assertTrue(bucket >= previous, "cumulative buckets never shrink: le=" + le);
      previous = bucket;
    }
  }

  @Test
  void metrics_labelAnUnknownMethodPathAsUnknown() {
    ServiceMethod<Buffer, Buffer> bogus = ServiceMethod.client(ServiceName.create("scan.Probe" + System.nanoTime()), "Anything",
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    assertEquals(GrpcStatus.UNIMPLEMENTED, server.callAndWait(bogus, Buffer.buffer()).status());

    String metrics = HealthProbe.get(server.adminUrl() + "/metrics").body();

    assertTrue(value(metrics, "grpc_server_handled_total{grpc_code=\"UNIMPLEMENTED\",grpc_method=\"unknown\","
        + "grpc_service=\"unknown\",grpc_type=\"unknown\"}") >= 1, metrics);
    assertTrue(!metrics.contains("scan.Probe"), "a caller's path never becomes a label");
  }

  /** The sample's value; fails if the exposition has no such line. */
  private static double value(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .orElseThrow(() -> new AssertionError("no " + series));
  }
}
