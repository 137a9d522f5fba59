package dev.orders.seed;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Steps with prerequisites, shared by a few connections: each connection takes the first step
 * (in the order they were added) whose prerequisite groups have finished, so no connection
 * waits while another has work it could do, e.g. one table's indexes are built while the next
 * table loads. The first failure stops the hand-out; {@link #run} rethrows it once every
 * connection is idle.
 */
final class StepQueue {

  /** Work on one connection. */
  @FunctionalInterface
  interface Work {
    void run(Connection c) throws SQLException;
  }

  private record Step(String group, List<String> after, Work work) {}

  private final List<Step> pending = new ArrayList<>();
  private final Map<String, Integer> unfinished = new HashMap<>();  // per group: steps not finished yet
  private Exception failure;

  /** Adds a step of {@code group} that starts once every step of the {@code after} groups finished. */
  StepQueue add(String group, Work work, String... after) {
    pending.add(new Step(group, List.of(after), work));
    unfinished.merge(group, 1, Integer::sum);
    return this;
  }

  /** Runs every step on {@code connections}; the calling thread works on the first one. */
  void run(List<Connection> connections) throws SQLException {
    List<CompletableFuture<Void>> others = connections.stream().skip(1)
        .map(c -> CompletableFuture.runAsync(() -> workUnchecked(c))).toList();
    workUnchecked(connections.get(0));
    others.forEach(f -> f.exceptionally(e -> null).join());
    synchronized (this) {
      if (failure instanceof SQLException e) {
        throw e;
      } else if (failure instanceof RuntimeException e) {
        throw e;
      }
    }
  }

  private void workUnchecked(Connection c) {
    try {
      for (Step step = next(); step != null; step = next()) {
        step.work().run(c);
        finished(step);
      }
    } catch (SQLException | RuntimeException e) {
      failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(new CompletionException(e));
    }
  }

  /** The first step whose prerequisites finished; waits while all are blocked; null when done or failed. */
  private synchronized Step next() throws InterruptedException {
    while (failure == null && !pending.isEmpty()) {
      for (Iterator<Step> it = pending.iterator(); it.hasNext(); ) {
        Step step = it.next();
        if (step.after().stream().allMatch(g -> unfinished.getOrDefault(g, 0) == 0)) {
          it.remove();
          return step;
        }
      }
      wait();
    }
    return null;
  }

  private synchronized void finished(Step step) {
    unfinished.merge(step.group(), -1, Integer::sum);
    notifyAll();
  }

  private synchronized void failed(Exception e) {
    if (failure == null) {
      failure = e;
    }
    notifyAll();
  }
}
