package dev.orders.faults;

import static dev.orders.testsupport.Fixtures.product;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.HealthProbe;
import dev.orders.testsupport.ServiceProcess;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The near-cache's promise between two processes of the packaged jar (two instances each, as the image
 * runs them) on one PostgreSQL and one Redis: a write through one process is read back at once there
 * and is seen by the other within the announcement's propagation, which this measures (p50/p99/max go to
 * the report). The same-JVM variant with its failure cases is {@code product.NearCacheTest}.
 */
class NearCacheAcrossProcessesIT {

  private static final int WRITES = 300;
  /** Generous for a loaded 2-core box; what matters is the measured distribution in the report. */
  private static final long BOUND_MS = 1000;
  private static final String L1_HITS = "orders_cache_l1_hits_total";

  @Test
  void writeOnOneProcess_isReadBackThere_andSeenOnTheOtherWithinTheBound() throws Exception {
    try (Rig rig = Rig.start(Map.of()); ServiceProcess other = ServiceProcess.serve(rig.env)) {
      ProductServiceGrpcClient writer = products(rig, rig.service);
      ProductServiceGrpcClient reader = products(rig, other);
      String id = "propagation-1";
      await(writer.upsertProduct(product(id, 1000, 5)));
      HealthProbe.millisUntil("the reader holds the product in its near-cache", 10_000,
          () -> price(reader, id) == 1000 && nearHits(other, () -> price(reader, id)));

      long[] micros = new long[WRITES];
      for (int i = 0; i < WRITES; i++) {
        long price = 1001 + i;
        await(writer.upsertProduct(product(id, price, 5)));
        long returned = System.nanoTime();
        assertEquals(price, price(writer, id), "read-your-write on the writing process, write " + i);
        while (price(reader, id) != price) {
          assertTrue(System.nanoTime() - returned < BOUND_MS * 1_000_000, "write " + i + " not seen in time");
        }
        micros[i] = (System.nanoTime() - returned) / 1000;
      }
      assertTrue(nearHits(other, () -> price(reader, id)), "the other process still reads through its near-cache");
      Arrays.sort(micros);
      Report.write(String.format("### near-cache propagation%n- near-cache propagation between two processes, %d writes (write returned -> a read"
          + " on the other process sees it, incl. the writer's read-back and the read's round trip): p50 %.2f ms,"
          + " p99 %.2f ms, max %.2f ms (load average %s)%n%n", WRITES, micros[WRITES / 2] / 1000.0,
          micros[WRITES * 99 / 100] / 1000.0, micros[WRITES - 1] / 1000.0, loadAverage()));
    }
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static ProductServiceGrpcClient products(Rig rig, ServiceProcess service) {
    return ProductServiceGrpcClient.create(rig.admin, SocketAddress.inetSocketAddress(service.grpcPort, "127.0.0.1"));
  }

  private static long price(ProductServiceGrpcClient client, String id) {
    return await(client.getProduct(GetProductRequest.newBuilder().setId(id).build())).getPriceCents();
  }

  /** Whether {@code read} was served by {@code service}'s near-cache (its L1 hit counter moved). */
  private static boolean nearHits(ServiceProcess service, Runnable read) {
    double before = service.metric(L1_HITS);
    for (int i = 0; i < 10; i++) {
      read.run();
    }
    return service.metric(L1_HITS) >= before + 10;
  }
}
