package dev.orders.ops;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static net.logstash.logback.argument.StructuredArguments.value;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a dependency answers, as the verticle instances report it (the last report wins), with
 * one log line per transition however many instances and calls notice it.
 */
public final class DependencyState {

  private static final Logger LOG = LoggerFactory.getLogger(DependencyState.class);

  private enum State { UNKNOWN, UP, DOWN }

  private final String name;
  private final String whileDown;
  private final AtomicReference<State> state = new AtomicReference<>(State.UNKNOWN);

  /** @param whileDown what the service does meanwhile, for the operator reading the down line */
  public DependencyState(String name, String whileDown) {
    this.name = name;
    this.whileDown = whileDown;
  }

  public void up() {
    if (state.getAndSet(State.UP) != State.UP) {
      LOG.info("{} is up", value("dependency", name), kv("state", "up"));
    }
  }

  public void down(String reason) {
    if (state.getAndSet(State.DOWN) != State.DOWN) {
      LOG.warn("{} is down ({}); {}", value("dependency", name), value("reason", reason), whileDown, kv("state", "down"));
    }
  }
}
