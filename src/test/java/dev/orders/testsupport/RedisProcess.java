package dev.orders.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of the test's own on a spare loopback port, for counting commands and for
 * faults (stop, freeze with SIGSTOP). Stopped by PID; its files live in a temporary directory.
 */
public final class RedisProcess implements AutoCloseable {

  public final int port;
  private final Path dir;
  private final List<String> command;
  private Process process;

  private RedisProcess(int port, Path dir, List<String> command) {
    this.port = port;
    this.dir = dir;
    this.command = command;
  }

  public static RedisProcess start(String... extraArgs) {
    try {
      int port = TestServer.freePort();
      Path dir = Files.createTempDirectory("orders-redis-");
      List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
      command.addAll(List.of(extraArgs));
      return launched(new RedisProcess(port, dir, command));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Sentinel watching the master on {@code masterPort} under the name {@code mymaster}. */
  public static RedisProcess startSentinel(int masterPort) {
    try {
      int port = TestServer.freePort();
      Path dir = Files.createTempDirectory("orders-sentinel-");
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + dir,
          "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1", "sentinel down-after-milliseconds mymaster 2000", ""));
      return launched(new RedisProcess(port, dir, List.of("redis-server", conf.toString(), "--sentinel")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RedisProcess launched(RedisProcess redis) {
    try {
      redis.launch();
      return redis;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public List<String> cli(String... args) {
    return TestRedis.redisCli("127.0.0.1", port, args);
  }

  /** Calls of one command so far, from INFO commandstats (e.g. "mget" → 3). */
  public long calls(String command) {
    for (String line : cli("INFO", "commandstats")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String rest = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }

  public void resetStats() {
    cli("CONFIG", "RESETSTAT");
  }

  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /** SIGSTOP: the process keeps its socket but answers nothing — a hung Redis. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      signal("CONT"); // a frozen process cannot handle SIGTERM
    }
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
    }
  }

  private void launch() throws IOException, InterruptedException {
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis-" + System.nanoTime() + ".log").toFile()).start();
    Leftovers.watch(process.toHandle());
    for (int i = 0; i < 100; i++) {
      if (cli("PING").contains("PONG")) {
        return;
      }
      Thread.sleep(50);
    }
    process.destroyForcibly().waitFor();
    process = null;
    throw new IllegalStateException("redis-server on port " + port + " did not start");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
  }
}
