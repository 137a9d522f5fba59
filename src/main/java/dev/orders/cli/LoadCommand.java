package dev.orders.cli;

import dev.orders.config.Config;
import dev.orders.perf.ConsoleReport;
import dev.orders.perf.Dataset;
import dev.orders.perf.DatasetFile;
import dev.orders.perf.DatasetLoader;
import dev.orders.perf.Durations;
import dev.orders.perf.HtmlReport;
import dev.orders.perf.JsonReport;
import dev.orders.perf.LoadPlan;
import dev.orders.perf.LoadRunner;
import dev.orders.perf.Profile;
import dev.orders.perf.Rpc;
import dev.orders.perf.RunResult;
import dev.orders.perf.Scenario;
import dev.orders.perf.Threshold;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load-test a running service, k6-style, with the async Vert.x gRPC client.",
        "Closed model: --vus 50 --duration 5m (or --stages 30s:100,1m:100,30s:0 to ramp VUs).",
        "Open model: --rate 2000 --duration 1m (or --rate-stages 30s:500,1m:2000 to ramp arrivals/s);",
        "  latency counts from each call's intended send time, so a stalled server cannot hide its queue.",
        "Ids come from the target's database (--pg-url), or from a file --export-dataset wrote (--dataset).",
        "See perf/README.md.",
        "Exit codes: 0 ok, 1 run failed, 2 bad arguments, 99 a threshold was breached."},
    exitCodeListHeading = "%n")
public final class LoadCommand implements Callable<Integer> {

  static final int THRESHOLDS_BREACHED = 99;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--target", paramLabel = "host:port", description = "gRPC service (default ${DEFAULT-VALUE})",
      defaultValue = "127.0.0.1:50051")
  String target;

  @Option(names = "--scenario", paramLabel = "name|file",
      description = "read-heavy, checkout, mixed (perf/scenarios/) or a path (default ${DEFAULT-VALUE})",
      defaultValue = "mixed")
  String scenario;

  @Option(names = "--vus", paramLabel = "N", description = "closed model: concurrent virtual users")
  Integer vus;

  @Option(names = "--rate", paramLabel = "N", description = "open model: arrivals per second")
  Double rate;

  @Option(names = "--duration", paramLabel = "d", description = "with --vus or --rate, e.g. 30s, 5m (default 30s)",
      converter = DurationConverter.class)
  Duration duration;

  @Option(names = "--stages", paramLabel = "d:vus,...", description = "closed model, ramp VUs: 30s:100,1m:100,30s:0",
      converter = ProfileConverter.class)
  Profile stages;

  @Option(names = "--rate-stages", paramLabel = "d:rate,...",
      description = "open model, ramp arrivals/s: 30s:500,1m:2000,30s:0", converter = ProfileConverter.class)
  Profile rateStages;

  @Option(names = "--warmup", paramLabel = "d", converter = DurationConverter.class,
      description = "with --vus or --rate: run this long first, unrecorded, so both JVMs are warm (e.g. 10s)")
  Duration warmup;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "4",
      description = "HTTP/2 connections (the server balances connections, not calls; default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "10000",
      description = "open model: arrivals beyond this many unanswered calls are dropped and counted (default ${DEFAULT-VALUE})")
  int maxInFlight;

  @Option(names = "--timeout", paramLabel = "d", defaultValue = "10s", converter = DurationConverter.class,
      description = "per-call deadline (default ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--pg-url", paramLabel = "url", description = "database to sample ids from (default ORDERS_PG_URL)")
  String pgUrl;

  @Option(names = "--dataset", paramLabel = "file",
      description = "read the ids from a file --export-dataset wrote; the database is not contacted")
  Path datasetFile;

  @Option(names = "--export-dataset", paramLabel = "file",
      description = "sample ids from the database (--pg-url) into a file for --dataset, then exit without sending load")
  Path exportFile;

  @Option(names = "--sample", paramLabel = "N", defaultValue = "20000",
      description = "order ids and users to sample (default ${DEFAULT-VALUE})")
  int sample;

  @Option(names = "--out", paramLabel = "json=file", description = "machine-readable results, e.g. json=results.json")
  String out;

  @Option(names = "--report", paramLabel = "file.html", description = "self-contained HTML report with charts")
  Path report;

  @Option(names = "--auth-secret", paramLabel = "secret", arity = "1",
      description = "the service's ORDERS_AUTH_HS256_SECRET (default: that variable): each VU's calls carry a token"
          + " for its user, other calls an admin token; never shown in reports")
  String authSecret;

  @Option(names = "--threshold", paramLabel = "rule", converter = ThresholdConverter.class,
      description = "e.g. 'GetOrder:p99<20ms', 'errors<0.1%%', 'rate>=1000'; repeatable; a breach exits 99")
  List<Threshold> thresholds = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    LoadPlan plan = plan();
    Path json = jsonPath();
    if (exportFile != null) {
      return export();
    }
    Dataset data;
    try {
      data = datasetFile != null ? DatasetFile.read(datasetFile) : DatasetLoader.load(pgUrl(), sample);
      checkDataset(plan.scenario(), data);
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("orders load: " + e.getMessage());
      return 1;
    }
    System.out.printf("orders load: %s against %s, dataset %s%n", plan.scenario().name(), target, data.describe());
    RunResult result;
    try {
      warmUp(plan, data);
      result = LoadRunner.run(plan, data, commandLine(),
          ConsoleReport.progress(System.out, plan, System.console() != null));
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("\norders load: " + e.getMessage());
      return 1;
    }
    return finish(result, json);
  }

  private int export() throws java.io.IOException {
    Dataset data;
    try {
      data = DatasetLoader.load(pgUrl(), sample);
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("orders load: " + e.getMessage());
      return 1;
    }
    DatasetFile.write(exportFile, data);
    System.out.printf("orders load: wrote %s to %s%n", data.describe(), exportFile.toAbsolutePath());
    return 0;
  }

  private String pgUrl() {
    return pgUrl == null ? Config.fromEnv().pgUrl() : pgUrl;
  }

  /**
   * JIT compilation in a fresh client (and server) JVM costs tens of milliseconds per call in
   * the first seconds; a warm-up keeps that out of the recorded percentiles.
   */
  private void warmUp(LoadPlan plan, Dataset data) {
    if (warmup == null || warmup.isZero()) {
      return;
    }
    double level = rate != null ? rate : (vus == null ? 10 : vus);
    System.out.printf("warm-up: %s at %.0f %s, not recorded%n", warmup, level, rate != null ? "calls/s" : "VUs");
    LoadPlan warm = new LoadPlan(plan.host(), plan.port(), plan.connections(), plan.model(),
        Profile.constant(level, warmup), plan.scenario(), plan.maxInFlight(), plan.timeout(), plan.authSecret());
    LoadRunner.run(warm, data, commandLine(), second -> { });
  }

  private int finish(RunResult result, Path json) throws java.io.IOException {
    List<Threshold.Verdict> verdicts = thresholds.stream().map(t -> t.evaluate(result)).toList();
    ConsoleReport.summary(System.out, result);
    ConsoleReport.verdicts(System.out, verdicts);
    if (json != null) {
      JsonReport.write(json, result, verdicts);
      System.out.println("results: " + json.toAbsolutePath());
    }
    if (report != null) {
      HtmlReport.write(report, result, verdicts);
      System.out.println("report:  " + report.toAbsolutePath());
    }
    return verdicts.stream().allMatch(Threshold.Verdict::passed) ? 0 : THRESHOLDS_BREACHED;
  }

  /** Validates the combination of options; every message says what to change. */
  LoadPlan plan() {
    int models = (vus != null ? 1 : 0) + (rate != null ? 1 : 0) + (stages != null ? 1 : 0) + (rateStages != null ? 1 : 0);
    if (models > 1) {
      throw usage("choose one of --vus, --rate, --stages, --rate-stages");
    }
    if ((stages != null || rateStages != null) && duration != null) {
      throw usage("--duration goes with --vus or --rate; stages carry their own durations");
    }
    if (datasetFile != null && (pgUrl != null || exportFile != null)) {
      throw usage("--dataset replaces the database: leave out --pg-url and --export-dataset");
    }
    if (warmup != null && (stages != null || rateStages != null)) {
      throw usage("--warmup goes with --vus or --rate; with stages, make the first stage the warm-up");
    }
    Duration d = duration == null ? Duration.ofSeconds(30) : duration;
    if (d.isZero()) {
      throw usage("--duration must be longer than 0");
    }
    boolean open = rate != null || rateStages != null;
    Profile profile;
    if (rate != null) {
      profile = Profile.constant(positive("--rate", rate), d);
    } else if (rateStages != null) {
      profile = rateStages;
    } else if (stages != null) {
      profile = stages;
    } else {
      profile = Profile.constant(positive("--vus", vus == null ? 10 : vus), d);
    }
    String[] hostPort = target.split(":");
    if (hostPort.length != 2 || hostPort[0].isBlank()) {
      throw usage("--target must be host:port, got '" + target + "'");
    }
    Scenario s;
    try {
      s = Scenario.load(scenario);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return new LoadPlan(hostPort[0], port(hostPort[1]), positive("--connections", connections),
        open ? LoadPlan.Model.OPEN : LoadPlan.Model.CLOSED, profile, s, positive("--max-in-flight", maxInFlight), timeout,
        Optional.ofNullable(authSecret).or(() -> Config.fromEnv().security().hs256Secret()));
  }

  /** The command as typed (after `orders`), quoted so it can be pasted back into a shell; the secret hidden. */
  private String commandLine() {
    StringBuilder b = new StringBuilder("orders");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      arg = authSecret != null && arg.contains(authSecret) ? arg.replace(authSecret, "***") : arg;
      b.append(' ').append(arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }

  private Path jsonPath() {
    if (out == null) {
      return null;
    }
    if (!out.startsWith("json=") || out.length() == 5) {
      throw usage("--out takes json=<file>, e.g. --out json=results.json");
    }
    return Path.of(out.substring(5));
  }

  private static void checkDataset(Scenario s, Dataset data) {
    String db = data.source();
    boolean needsOrders = s.uses(Rpc.GetOrder) || s.uses(Rpc.ListOrders) || s.uses(Rpc.CreateOrder);
    if (needsOrders && (data.orderIds().isEmpty() || data.userIds().isEmpty())) {
      throw new IllegalStateException("no orders in " + db + " to pick order ids and users from;"
          + " seed it first (java -jar target/orders.jar seed --orders 500000)");
    }
    boolean needsProducts = s.uses(Rpc.GetProduct) || s.uses(Rpc.BatchGetProducts) || s.uses(Rpc.CreateOrder);
    if (needsProducts && data.productIds().isEmpty()) {
      throw new IllegalStateException("no products in " + db + "; seed it first");
    }
  }

  private int port(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p > 0 && p < 65536) {
        return p;
      }
    } catch (NumberFormatException e) {
      // falls through to the usage error
    }
    throw usage("--target port must be 1-65535, got '" + text + "'");
  }

  private <N extends Number> N positive(String option, N n) {
    if (n.doubleValue() <= 0) {
      throw usage(option + " must be greater than 0, got " + n);
    }
    return n;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }

  static final class ProfileConverter implements CommandLine.ITypeConverter<Profile> {
    @Override
    public Profile convert(String value) {
      return Profile.parse(value);
    }
  }

  static final class ThresholdConverter implements CommandLine.ITypeConverter<Threshold> {
    @Override
    public Threshold convert(String value) {
      return Threshold.parse(value);
    }
  }
}
