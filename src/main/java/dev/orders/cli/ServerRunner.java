package dev.orders.cli;

import dev.orders.config.Config;
import dev.orders.ops.Tracing;
import dev.orders.server.OrdersServer;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Runs the server until SIGTERM or SIGINT, then shuts down gracefully and reports exit code 0. */
final class ServerRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ServerRunner.class);

  private ServerRunner() {}

  /** Blocks the calling (main) thread; the returned value is the process exit code. */
  static int runUntilSignal(Config config, Runnable onStarted) throws InterruptedException {
    CountDownLatch stopRequested = new CountDownLatch(1);
    // installed before the port opens, so a SIGTERM during start-up also ends in a clean stop; handled
    // ourselves, not by a shutdown hook: a drained, clean stop exits 0 rather than 143
    Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
    Signal.handle(new Signal("INT"), s -> stopRequested.countDown());
    try (Tracing tracing = Tracing.fromEnv(System.getenv())) {
      return serve(tracing.vertx(), config, onStarted, stopRequested);
    }
  }

  private static int serve(Vertx vertx, Config config, Runnable onStarted, CountDownLatch stopRequested)
      throws InterruptedException {
    OrdersServer server;
    try {
      server = OrdersServer.start(vertx, config).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      LOG.error("could not start: {}", rootMessage(e));
      vertx.close();
      return 1;
    }
    onStarted.run();
    stopRequested.await();
    LOG.info("stopping: no new calls, draining in-flight calls for up to {} ms", config.shutdownGrace().toMillis());
    try {
      server.stop().toCompletionStage().toCompletableFuture()
          .get(config.shutdownGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      LOG.info("stopped");
      return 0;
    } catch (Exception e) {
      LOG.error("unclean stop: {}", rootMessage(e));
      return 1;
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
