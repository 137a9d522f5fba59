package dev.orders.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the test JVM started for a scenario, killed (with its children) when that JVM
 * exits: the tests stop them by PID themselves, this covers the exits where their clean-up never
 * runs (a fork killed on a timeout, an interrupted build). A process already stopped is skipped.
 */
final class Leftovers {

  private static final Set<ProcessHandle> STARTED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::killAll, "leftovers"));
  }

  private Leftovers() {}

  static void watch(ProcessHandle process) {
    STARTED.add(process);
  }

  private static void killAll() {
    for (ProcessHandle process : STARTED) {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }
}
