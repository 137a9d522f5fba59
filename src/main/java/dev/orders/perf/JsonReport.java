package dev.orders.perf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code --out json=results.json}: the summary, threshold verdicts and per-second series, for machines. */
public final class JsonReport {

  private JsonReport() {}

  public static JsonObject toJson(RunResult r, List<Threshold.Verdict> verdicts) {
    RunResult.Info i = r.info();
    JsonObject run = new JsonObject()
        .put("startedAt", i.startedAt().toString()).put("target", i.target()).put("model", i.model())
        .put("profile", i.profile()).put("scenario", i.scenario()).put("connections", i.connections())
        .put("seconds", i.seconds()).put("dataset", i.dataset()).put("server", i.server()).put("command", i.command())
        .put("schedulerLagP99Ms", r.lagP99Ms());
    JsonArray rpcs = new JsonArray();
    r.rpcs().forEach(s -> rpcs.add(stats(s)));
    JsonArray thresholds = new JsonArray();
    verdicts.forEach(v -> thresholds.add(new JsonObject().put("threshold", v.threshold().text())
        .put("actual", Double.isNaN(v.actual()) ? null : v.actual()).put("passed", v.passed())));
    JsonArray series = new JsonArray();
    r.series().forEach(s -> series.add(new JsonObject().put("t", s.t()).put("calls", s.calls()).put("errors", s.errors())
        .put("p50", s.p50()).put("p90", s.p90()).put("p95", s.p95()).put("p99", s.p99()).put("max", s.max())
        .put("inFlight", s.inFlight()).put("target", s.target())));
    return new JsonObject().put("run", run).put("latencyUnit", "ms").put("overall", stats(r.overall()))
        .put("rpcs", rpcs).put("thresholds", thresholds).put("series", series);
  }

  public static void write(Path file, RunResult r, List<Threshold.Verdict> verdicts) throws IOException {
    Files.writeString(file, toJson(r, verdicts).encodePrettily());
  }

  private static JsonObject stats(RunResult.RpcStats s) {
    JsonObject errors = new JsonObject();
    s.errorsByStatus().forEach(errors::put);
    return new JsonObject().put("name", s.name()).put("count", s.count()).put("rate", s.rate())
        .put("errors", s.errors()).put("errorRatio", s.errorRatio()).put("errorsByStatus", errors)
        .put("mean", s.mean()).put("p50", s.p50()).put("p90", s.p90()).put("p95", s.p95())
        .put("p99", s.p99()).put("p99_9", s.p999()).put("max", s.max());
  }
}
