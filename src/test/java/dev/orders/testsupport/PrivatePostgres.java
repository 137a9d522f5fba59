package dev.orders.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 of the test's own on a spare loopback port, for faults the shared server must
 * not suffer (freeze with SIGSTOP). initdb refuses root, so the tools run as the postgres user.
 * Stopped by its PID file's postmaster; its files live in a temporary directory.
 */
public final class PrivatePostgres implements AutoCloseable {

  private static final String BIN = "/usr/lib/postgresql/15/bin/";

  public final TestPostgres.Server server;
  private final Path dir;
  private final Path data;

  private PrivatePostgres(int port, Path dir) {
    this.server = new TestPostgres.Server("127.0.0.1", port, "postgres", "");
    this.dir = dir;
    this.data = dir.resolve("data");
  }

  public static PrivatePostgres start() {
    try {
      Path dir = Files.createTempDirectory("orders-pg-");
      run("chown", "postgres", dir.toString());
      PrivatePostgres pg = new PrivatePostgres(TestServer.freePort(), dir);
      asPostgres(BIN + "initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres");
      asPostgres(BIN + "pg_ctl", "-D", pg.data.toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
          "-p " + pg.server.port() + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
      return pg;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGSTOP of the postmaster and every backend: sockets stay open, nothing answers — a hung database. */
  public void freeze() throws IOException {
    signal("STOP");
  }

  public void thaw() throws IOException {
    signal("CONT");
  }

  @Override
  public void close() throws IOException {
    try {
      thaw(); // a frozen server cannot handle the stop signal
      asPostgres(BIN + "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private void signal(String signal) throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
    ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(c -> command.add(Long.toString(c.pid()))));
    run(command.toArray(String[]::new));
  }

  private static void asPostgres(String... command) throws IOException {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
