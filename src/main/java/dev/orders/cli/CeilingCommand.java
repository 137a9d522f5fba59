package dev.orders.cli;

import dev.orders.perf.CeilingServer;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ceiling", mixinStandardHelpOptions = true,
    description = {"Serve a constant product for GetProduct (and 100 for BatchGetProducts) over gRPC: no auth,",
        "no database, no cache. The ceiling that perf/ab-bench.sh compares the service's product reads with.",
        "Runs until stopped (SIGTERM, ^C)."})
public final class CeilingCommand implements Callable<Integer> {

  @Option(names = "--port", paramLabel = "N", defaultValue = "50990", description = "gRPC port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--instances", paramLabel = "N", description = "event loops serving (default: the cores, as `serve`)")
  Integer instances;

  @Override
  public Integer call() throws InterruptedException {
    int n = instances == null ? Runtime.getRuntime().availableProcessors() : instances;
    Vertx vertx = Vertx.vertx();
    // picocli's main thread, not an event loop: it waits for the deployment, then parks until the process is stopped
    CeilingServer.deploy(vertx, port, n).await();
    System.out.printf("ceiling: constant products on :%d, %d instances%n", port, n);
    new CountDownLatch(1).await();
    return 0;
  }
}
