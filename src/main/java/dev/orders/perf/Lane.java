package dev.orders.perf;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One connection's share of the load, on one event loop. The server balances connections,
 * not calls, so a run uses several lanes to reach every server instance.
 *
 * <p>All fields are touched only on this lane's event loop: timers are set from it, and replies
 * complete on the context that sent the request, so no field needs a lock or an atomic.
 */
final class Lane extends VerticleBase {

  private static final long CONTROL_PERIOD_MS = 100;

  private final int index;
  private final LoadPlan plan;
  private final Target.Factory factory;
  private final Metrics metrics;
  private final Promise<Void> finished = Promise.promise();
  private Target target;

  String serverInstance() {
    return target == null ? "" : target.serverInstance();
  }
  private long start;
  private boolean stopping;
  private int inFlight;
  // closed model: which of this lane's VUs are looping, and how many should be
  private boolean[] running;
  private int wantedVus;

  Lane(int index, LoadPlan plan, Target.Factory factory, Metrics metrics) {
    this.index = index;
    this.plan = plan;
    this.factory = factory;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    target = factory.create(vertx);
    return target.ready();
  }

  @Override
  public Future<?> stop() {
    return target.close();
  }

  /** Starts sending at {@code startNanos} (System.nanoTime); completes when the profile ended and calls drained. */
  Future<Void> go(long startNanos) {
    context.runOnContext(v -> {
      start = startNanos;
      if (plan.model() == LoadPlan.Model.OPEN) {
        fireDue(new ArrivalSchedule(plan.profile(), index, plan.connections()));
      } else {
        running = new boolean[(int) Math.ceil(plan.profile().peak() / plan.connections()) + 1];
        control();
      }
    });
    return finished.future();
  }

  // ---- open model: send every arrival that is due, then sleep until the next one

  private void fireDue(ArrivalSchedule schedule) {
    long now = System.nanoTime() - start;
    while (schedule.nextDue() >= 0 && schedule.nextDue() <= now) {
      arrive(start + schedule.nextDue());
      schedule.advance();
    }
    if (schedule.nextDue() < 0) {
      drain(System.nanoTime());
      return;
    }
    long waitMs = Math.max(1, Math.round((schedule.nextDue() - now) / 1e6));
    vertx.setTimer(waitMs, id -> fireDue(schedule));
  }

  private void arrive(long intendedNanos) {
    Rpc rpc = plan.scenario().pick(ThreadLocalRandom.current().nextDouble());
    if (inFlight >= plan.perLane(plan.maxInFlight())) {
      metrics.dropped(rpc);     // like k6's dropped_iterations: the tool had no slot to send it
      return;
    }
    metrics.lag(System.nanoTime() - intendedNanos);
    send(rpc, intendedNanos, null);
  }

  // ---- closed model: VUs loop; a controller starts or retires them as the profile moves

  private void control() {
    long now = System.nanoTime() - start;
    if (now >= plan.profile().totalNanos()) {
      stopping = true;
      drain(System.nanoTime());
      return;
    }
    int total = (int) Math.round(plan.profile().valueAt(now));
    // VU j belongs to lane j % connections
    wantedVus = total > index ? (total - index + plan.connections() - 1) / plan.connections() : 0;
    for (int vu = 0; vu < Math.min(wantedVus, running.length); vu++) {
      if (!running[vu]) {
        running[vu] = true;
        iterate(vu);
      }
    }
    vertx.setTimer(CONTROL_PERIOD_MS, id -> control());
  }

  private void iterate(int vu) {
    if (stopping || vu >= wantedVus) {
      running[vu] = false;
      return;
    }
    Rpc rpc = plan.scenario().pick(ThreadLocalRandom.current().nextDouble());
    // the next iteration goes through the event loop queue, so fast failures cannot recurse deeply
    send(rpc, System.nanoTime(), () -> context.runOnContext(v -> iterate(vu)));
  }

  // ---- shared

  private void send(Rpc picked, long fromNanos, Runnable then) {
    inFlight++;
    metrics.started();
    Calls.Sent sent;
    try {
      sent = target.send(picked);
    } catch (RuntimeException e) {
      sent = new Calls.Sent(picked, Future.failedFuture(e));
    }
    Rpc rpc = sent.rpc();
    sent.reply().timeout(plan.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS).onComplete(ar -> {
      inFlight--;
      metrics.finished(rpc, System.nanoTime() - fromNanos, ar.succeeded() ? null : Outcome.statusOf(ar.cause()));
      if (then != null) {
        then.run();
      }
    });
  }

  /** After the profile ends, waits for in-flight calls, at most the call timeout plus a second. */
  private void drain(long since) {
    stopping = true;
    if (inFlight == 0 || System.nanoTime() - since > plan.timeout().toNanos() + 1_000_000_000L) {
      finished.tryComplete();
      return;
    }
    vertx.setTimer(5, id -> drain(since));
  }
}
