package dev.orders.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where tests get PostgreSQL: a Testcontainers container when a Docker engine answers,
 * otherwise the server on 127.0.0.1:5432 (override with TEST_PG_HOST, TEST_PG_PORT,
 * TEST_PG_USER, TEST_PG_PASSWORD; force it with TEST_INFRA=env). Each test run works in
 * databases it creates under a unique name and drops them when it is done.
 */
public final class TestPostgres {

  public record Server(String host, int port, String user, String password) {
    public String url(String database) {
      String auth = password.isEmpty() ? user : user + ":" + password;
      return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    public Connection jdbc(String database) throws SQLException {
      return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }
  }

  public static final Server SERVER = locate();

  private TestPostgres() {}

  /** A new, empty database named {@code prefix_<random>}; the caller drops it. */
  public static String createDatabase(String prefix) {
    return createDatabase(SERVER, prefix);
  }

  public static String createDatabase(Server server, String prefix) {
    String name = uniqueName(prefix);
    execute(server, "CREATE DATABASE " + name);   // fails rather than reuse an existing database
    return name;
  }

  /**
   * A copy of {@code template} named {@code prefix_<random>} (a file copy, no re-load); the
   * caller drops it. The template must have no other session; an autovacuum worker may briefly
   * be one (SQLSTATE 55006), so that is retried for a few seconds.
   */
  public static String copyDatabase(String template, String prefix) throws InterruptedException {
    String name = uniqueName(prefix);
    for (int attempt = 1; ; attempt++) {
      try {
        execute("CREATE DATABASE " + name + " TEMPLATE " + template + " STRATEGY FILE_COPY");
        return name;
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof SQLException sql) || !"55006".equals(sql.getSQLState()) || attempt == 20) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  /** Drops a database this run created (FORCE: pools may still hold connections at JVM exit). */
  public static void dropDatabase(String name) {
    dropDatabase(SERVER, name);
  }

  public static void dropDatabase(Server server, String name) {
    execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static String uniqueName(String prefix) {
    return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
  }

  private static void execute(String sql) {
    execute(SERVER, sql);
  }

  private static void execute(Server server, String sql) {
    try (Connection c = server.jdbc("postgres"); var s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static Server locate() {
    if (!"env".equalsIgnoreCase(System.getenv("TEST_INFRA")) && dockerAvailable()) {
      PostgreSQLContainer pg = new PostgreSQLContainer(DockerImageName.parse("postgres:15-alpine"))
          .withUsername("test").withPassword("test");
      pg.start(); // Testcontainers' reaper removes it when the JVM exits
      return new Server(pg.getHost(), pg.getMappedPort(5432), "test", "test");
    }
    return new Server(env("TEST_PG_HOST", "127.0.0.1"), Integer.parseInt(env("TEST_PG_PORT", "5432")),
        env("TEST_PG_USER", "postgres"), env("TEST_PG_PASSWORD", ""));
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
