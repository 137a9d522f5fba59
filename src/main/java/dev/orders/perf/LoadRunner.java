package dev.orders.perf;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs a plan: deploys one lane per connection on its own Vert.x, starts them together,
 * samples the metrics every second on a plain thread (printing never touches an event loop),
 * and returns the result once the lanes have drained. Blocking; call it from main or a test.
 */
public final class LoadRunner {

  private LoadRunner() {}

  /** Against the gRPC service at the plan's host:port, with ids from {@code data}. */
  public static RunResult run(LoadPlan plan, Dataset data, String command, Consumer<Metrics.Second> progress) {
    RunState state = new RunState();
    return run(plan, GrpcTarget.factory(plan, data, state), data.describe(), command, progress);
  }

  public static RunResult run(LoadPlan plan, Target.Factory factory, String dataset, String command,
                              Consumer<Metrics.Second> progress) {
    int loops = Math.max(1, Math.min(plan.connections(), Runtime.getRuntime().availableProcessors()));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "load-progress");
      t.setDaemon(true);
      return t;
    });
    try {
      Metrics metrics = new Metrics();
      List<Lane> lanes = deploy(vertx, plan, factory, metrics);
      Instant startedAt = Instant.now();
      long start = System.nanoTime();
      ticker.scheduleAtFixedRate(new Tick(metrics, plan, start, progress), 1, 1, TimeUnit.SECONDS);
      List<Future<Void>> done = new ArrayList<>();
      lanes.forEach(l -> done.add(l.go(start)));
      await(Future.all(done));
      ticker.shutdownNow();
      ticker.awaitTermination(2, TimeUnit.SECONDS);
      long elapsed = System.nanoTime() - start;
      int last = (int) Math.ceil(elapsed / 1e9);
      // the drain after the last full second; its calls belong in the totals, and in the series when there are any
      metrics.sample(last, 0);
      metrics.dropEmptyTail();
      return result(plan, metrics, startedAt, dataset, server(lanes), command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      ticker.shutdownNow();
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }

  private static List<Lane> deploy(Vertx vertx, LoadPlan plan, Target.Factory factory, Metrics metrics) {
    List<Lane> lanes = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < plan.connections(); i++) {
      Lane lane = new Lane(i, plan, factory, metrics);
      lanes.add(lane);
      deployed.add(vertx.deployVerticle(lane, new DeploymentOptions()));
    }
    await(Future.all(deployed));
    return lanes;
  }

  /** What the lanes' connections reported about the server: its instance count and which ones they reached. */
  static String server(List<Lane> lanes) {
    java.util.SortedSet<String> reached = new java.util.TreeSet<>();
    String total = null;
    for (Lane lane : lanes) {
      String[] instance = lane.serverInstance().split("/");
      if (instance.length == 2) {
        reached.add(instance[0]);
        total = instance[1];
      }
    }
    if (total == null) {
      return "instances not reported by the server; " + lanes.size() + " connections";
    }
    return total + " instances (ORDERS_INSTANCES); the " + lanes.size() + " connections reached " + reached.size()
        + " of them (" + String.join(", ", reached) + ")";
  }

  private static RunResult result(LoadPlan plan, Metrics metrics, Instant startedAt, String dataset, String server,
      String command) {
    double seconds = plan.profile().totalNanos() / 1e9;
    List<RunResult.RpcStats> rpcs = new ArrayList<>();
    Map<String, Long> allErrors = new TreeMap<>();
    Map<String, Histogram> histograms = new java.util.LinkedHashMap<>();
    for (Rpc rpc : Rpc.values()) {
      Histogram h = metrics.histogram(rpc);
      Map<String, Long> errors = metrics.errors(rpc);
      if (h.getTotalCount() > 0 || !errors.isEmpty()) {
        rpcs.add(RunResult.RpcStats.of(rpc.name(), h, errors, seconds));
        histograms.put(rpc.name(), h);
      }
      errors.forEach((k, v) -> allErrors.merge(k, v, Long::sum));
    }
    RunResult.Info info = new RunResult.Info(startedAt, plan.host() + ":" + plan.port(),
        plan.model() == LoadPlan.Model.OPEN ? "open (arrival rate)" : "closed (VUs)",
        describe(plan), plan.scenario().name(), plan.connections(), seconds, dataset, server, command);
    Histogram overall = metrics.overall();
    return new RunResult(info, rpcs, RunResult.RpcStats.of("overall", overall, allErrors, seconds),
        metrics.series(), overall, histograms, Metrics.ms(metrics.lagHistogram(), 99));
  }

  static String describe(LoadPlan plan) {
    String unit = plan.model() == LoadPlan.Model.OPEN ? "/s" : " VUs";
    StringBuilder b = new StringBuilder();
    for (Profile.Stage s : plan.profile().stages()) {
      if (!s.duration().isZero()) {
        b.append(b.length() == 0 ? "" : ", ").append(Durations.format(s.duration())).append(" → ")
            .append(Math.round(s.target())).append(unit);
      }
    }
    return b.toString();
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  /** Once a second: close the interval, hand the row to the progress printer. */
  private record Tick(Metrics metrics, LoadPlan plan, long start, Consumer<Metrics.Second> progress) implements Runnable {
    @Override
    public void run() {
      long elapsed = System.nanoTime() - start;
      // the target during the second that just closed, not the 0 that follows the profile's end
      long at = Math.min(elapsed, plan.profile().totalNanos() - 1);
      progress.accept(metrics.sample((int) Math.round(elapsed / 1e9), plan.profile().valueAt(at)));
    }
  }
}
