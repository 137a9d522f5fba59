package dev.orders.testsupport;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged jar ({@code target/orders.jar}) as a process of its own, started exactly as the
 * image starts it, on spare loopback ports. Stopped by PID; its output goes to a file in a
 * temporary directory, named in failures.
 */
public final class ServiceProcess implements AutoCloseable {

  /** The image's ENTRYPOINT (Dockerfile), with the jar of this build. */
  private static final List<String> JAVA = List.of("java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError",
      "-XX:+UseG1GC", "-jar", Path.of("target", "orders.jar").toAbsolutePath().toString());

  public final int grpcPort;
  public final int adminPort;
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  private ServiceProcess(Map<String, String> env, Path log) {
    this.grpcPort = Integer.parseInt(env.get("ORDERS_GRPC_PORT"));
    this.adminPort = Integer.parseInt(env.get("ORDERS_ADMIN_PORT"));
    this.env = env;
    this.log = log;
  }

  /** {@code orders serve} with {@code env} plus spare ports; returns once /health/ready answers 200. */
  public static ServiceProcess serve(Map<String, String> env) {
    Map<String, String> full = new HashMap<>(env);
    full.put("ORDERS_GRPC_PORT", Integer.toString(TestServer.freePort()));
    full.put("ORDERS_ADMIN_PORT", Integer.toString(TestServer.freePort()));
    try {
      ServiceProcess service = new ServiceProcess(full, Files.createTempFile("orders-service-", ".log"));
      service.start();
      return service;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs another command of the jar (seed, load, ...) to its end with {@code env}; returns its output. */
  public static String run(Map<String, String> env, Duration limit, String... args) {
    List<String> command = new ArrayList<>(JAVA);
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("orders-cli-", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      Leftovers.watch(p.toHandle());
      try {
        if (!p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(String.join(" ", args) + " ran past " + limit);
        }
      } finally {
        p.destroyForcibly();
      }
      String output = Files.readString(out);
      Files.delete(out);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", args) + " exited " + p.exitValue() + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void start() {
    List<String> command = new ArrayList<>(JAVA);
    command.add("serve");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      process = builder.start();
      Leftovers.watch(process.toHandle());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      Fixtures.eventually("the service is ready (log " + log + ")", Duration.ofSeconds(60),
          () -> process.isAlive() ? ready() : fail("exited " + process.exitValue()));
    } catch (RuntimeException | Error e) {
      process.destroyForcibly(); // nobody else holds it to stop it
      throw e;
    }
  }

  /** SIGKILL: no shutdown hook, no drain — a crashed process or a killed container. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String target() {
    return "127.0.0.1:" + grpcPort;
  }

  public boolean ready() {
    return status("/health/ready") == 200;
  }

  /** The sum of every sample of one metric on /metrics (all its tags), 0 when absent. */
  public double metric(String name) {
    double sum = 0;
    for (String line : HealthProbe.get(adminUrl() + "/metrics").body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The /metrics lines of the metrics whose names start with {@code prefix}, for a failure's message. */
  public String metrics(String prefix) {
    return String.join("\n", java.util.Arrays.stream(HealthProbe.get(adminUrl() + "/metrics").body().split("\n"))
        .filter(line -> line.startsWith(prefix)).toList());
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy(); // SIGTERM: the service drains and exits
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private int status(String path) {
    try {
      HttpResponse<String> response = HealthProbe.get(adminUrl() + path);
      return response.statusCode();
    } catch (RuntimeException e) {
      return -1; // not listening yet, or gone
    }
  }

  private boolean fail(String why) {
    try {
      throw new IllegalStateException("the service " + why + ": " + Files.readString(log));
    } catch (IOException e) {
      throw new IllegalStateException("the service " + why + " (log " + log + ")");
    }
  }
}
