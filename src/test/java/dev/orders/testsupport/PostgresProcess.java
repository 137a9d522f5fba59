package dev.orders.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL 15 of the test's own on a spare loopback port, for outages the shared server must
 * not see (stop, start again, freeze with SIGSTOP). Runs as the {@code postgres} user ({@code initdb}
 * refuses root); stopped by the postmaster's PID; its cluster lives in a temporary directory.
 */
public final class PostgresProcess implements AutoCloseable {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  public final int port;
  private final Path dir;
  private long pid;

  private PostgresProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** initdb (trust, user postgres), then start; the database {@code postgres} exists. */
  public static PostgresProcess start() {
    try {
      Path dir = Files.createTempDirectory("orders-pg-");
      run("chown", "postgres:postgres", dir.toString());
      PostgresProcess pg = new PostgresProcess(TestServer.freePort(), dir);
      pg.asPostgres(BIN.resolve("initdb").toString(), "-D", pg.data(), "-A", "trust", "-U", "postgres");
      pg.launch();
      return pg;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url(String database) {
    return server().url(database);
  }

  /** This cluster as {@link TestServer#start(TestPostgres.Server, String, java.util.Map)} and JDBC take it. */
  public TestPostgres.Server server() {
    return new TestPostgres.Server("127.0.0.1", port, "postgres", "");
  }

  /** SIGSTOP of the postmaster and every backend: sockets stay open, nothing answers — a hung database. */
  public void freeze() {
    signal("STOP");
  }

  public void thaw() {
    signal("CONT");
  }

  /** Fast shutdown (SIGINT to the postmaster): clients are disconnected; returns once it is gone. */
  public void stop() throws InterruptedException {
    if (pid == 0) {
      return;
    }
    ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
    if (postmaster != null) {
      thaw(); // a frozen postmaster cannot handle the stop signal
      run("kill", "-INT", Long.toString(pid));
      if (!gone(postmaster, 10_000)) {
        signal("KILL"); // the postmaster and every backend: nothing of the test's may outlive it
        gone(postmaster, 5_000);
      }
    }
    pid = 0;
  }

  private static boolean gone(ProcessHandle process, long millis) throws InterruptedException {
    for (long i = 0; i < millis / 50 && process.isAlive(); i++) {
      Thread.sleep(50);
    }
    return !process.isAlive();
  }

  /** Starts the same cluster again on the same port. */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
    }
  }

  private void launch() throws IOException {
    asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("server.log").toString(), "-w",
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    // first line of postmaster.pid: the postmaster's PID, what stop() signals
    pid = Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
    ProcessHandle.of(pid).ifPresent(Leftovers::watch);
  }

  private void signal(String signal) {
    if (pid == 0) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(pid)));
    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(c -> command.add(Long.toString(c.pid()))));
    run(command.toArray(String[]::new));
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void asPostgres(String... command) {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private static void run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
