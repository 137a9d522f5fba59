package dev.orders.perf.scale;

import dev.orders.api.v1.GetOrderRequest;
import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.OrderStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Latency of GetOrder and ListOrders through a running server, one call at a time (so the
 * numbers are service time, not queueing), for {@code perf/scale-bench.sh}. Not a test. Each
 * row also records the 1-minute load average: this 2-core machine is shared, and p99 shows it.
 *
 * <pre>
 *   measure LABEL HOST:PORT PG_URL OUT.tsv   append one row per call type to OUT.tsv
 *   table OUT.tsv                            print p50/p99 per call type and size, with ratios
 * </pre>
 */
public final class ScaleBench {

  private static final int WARMUP = 2_000;
  private static final int CALLS = 4_000;
  private static final int PAGE = 20;

  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("table")) {
      ScaleTable.print(Path.of(args[1]), System.out);
    } else if (args.length == 5 && args[0].equals("measure")) {
      measure(args[1], args[2], args[3], Path.of(args[4]));
    } else {
      System.err.println("usage: ScaleBench measure LABEL HOST:PORT PG_URL OUT.tsv | ScaleBench table OUT.tsv");
      System.exit(2);
    }
  }

  private static void measure(String label, String hostPort, String pgUrl, Path out) throws IOException {
    String[] hp = hostPort.split(":");
    Vertx vertx = Vertx.vertx();
    GrpcClient grpc = GrpcClient.client(vertx);
    OrderServiceGrpcClient client = OrderServiceGrpcClient.create(grpc,
        SocketAddress.inetSocketAddress(Integer.parseInt(hp[1]), hp[0]));
    try {
      BenchTargets t = BenchTargets.read(pgUrl, client);
      Map<String, IntFunction<Future<?>>> calls = new LinkedHashMap<>();
      calls.put("GetOrder", i -> client.getOrder(GetOrderRequest.newBuilder()
          .setOrderId(t.orderIds().get(i % t.orderIds().size())).build()));
      calls.put("ListOrders first page", i -> client.listOrders(list(t).build()));
      calls.put("ListOrders first page, status", i -> client.listOrders(list(t)
          .setStatus(OrderStatus.ORDER_STATUS_DELIVERED).build()));
      calls.put("ListOrders deep page", i -> client.listOrders(list(t).setPageToken(t.deepToken()).build()));
      calls.put("ListOrders deep page, status", i -> client.listOrders(list(t)
          .setStatus(OrderStatus.ORDER_STATUS_DELIVERED).setPageToken(t.deepDeliveredToken()).build()));
      Map<String, Histogram> latencies = run(calls);
      String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      for (var call : latencies.entrySet()) {
        Histogram h = call.getValue();
        String row = String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%d\t%s%n", label, call.getKey(), h.getTotalCount(),
            h.getValueAtPercentile(50), h.getValueAtPercentile(99), load);
        System.out.print("scale-bench: " + row);
        Files.writeString(out, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static ListOrdersRequest.Builder list(BenchTargets t) {
    return ListOrdersRequest.newBuilder().setUserId(t.heavyUser()).setPageSize(PAGE);
  }

  /**
   * Sequential calls from this (non event-loop) thread, latencies in microseconds. The call
   * types take turns, so noise from other work on the machine falls on all of them alike.
   */
  private static Map<String, Histogram> run(Map<String, IntFunction<Future<?>>> calls) {
    Map<String, Histogram> latencies = new LinkedHashMap<>();
    calls.keySet().forEach(name -> latencies.put(name, new Histogram(60_000_000L, 3)));
    for (int i = 0; i < WARMUP + CALLS; i++) {
      for (var call : calls.entrySet()) {
        long start = System.nanoTime();
        call.getValue().apply(i).toCompletionStage().toCompletableFuture().join();   // a failed call aborts the run
        if (i >= WARMUP) {
          latencies.get(call.getKey()).recordValue((System.nanoTime() - start) / 1_000);
        }
      }
    }
    return latencies;
  }
}
