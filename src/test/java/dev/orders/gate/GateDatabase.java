package dev.orders.gate;

import dev.orders.db.Migrations;
import dev.orders.seed.SeedPlan;
import dev.orders.seed.Seeder;
import dev.orders.testsupport.TestPostgres;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database this test run created and seeded with the default production-sized dataset, on
 * the test PostgreSQL (see TestPostgres). Built
 * once per test JVM (see {@link SeededDatabase}) and dropped when the run ends; it only ever
 * drops databases whose names it generated itself.
 */
public final class GateDatabase implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private final PgConnectOptions server;
  private final String name;

  private GateDatabase(PgConnectOptions server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Creates {@code orders_gate_<random>}, migrates it and seeds it with {@code plan}. */
  static GateDatabase seeded(SeedPlan plan) throws SQLException {
    GateDatabase db = migrated("orders_gate");
    try (Connection c = db.connect()) {
      new Seeder(plan, System.out).run(c, false);
      return db;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** A new, migrated, empty database {@code <prefix>_<random>}; close() drops it. */
  public static GateDatabase migrated(String prefix) throws SQLException {
    GateDatabase db = create(server(), prefix);
    try {
      Migrations.migrate(db.options());
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * A copy of this database under a new name (CREATE DATABASE ... TEMPLATE: a file copy, no
   * re-seed). The template must have no other session; an autovacuum worker may briefly be one
   * (SQLSTATE 55006), so that is retried for a few seconds.
   */
  GateDatabase cloneAs(String prefix) throws SQLException, InterruptedException {
    String copy = uniqueName(prefix);
    for (int attempt = 1; ; attempt++) {
      try {
        execute(server, "CREATE DATABASE " + copy + " TEMPLATE " + name + " STRATEGY FILE_COPY");
        return track(new GateDatabase(server, copy));
      } catch (SQLException e) {
        if (!"55006".equals(e.getSQLState()) || attempt == 20) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  public String name() {
    return name;
  }

  public Connection connect() throws SQLException {
    return Migrations.open(server, name);
  }

  PgConnectOptions options() {
    return new PgConnectOptions(server).setDatabase(name);
  }

  /** Drops the database; FORCE because a failed test may have left a connection open. */
  @Override
  public void close() {
    try {
      execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("index gate: could not drop database " + name + ": " + e.getMessage());
    }
  }

  private static GateDatabase create(PgConnectOptions server, String prefix) throws SQLException {
    String name = uniqueName(prefix);
    execute(server, "CREATE DATABASE " + name);   // fails rather than reuse an existing database
    return track(new GateDatabase(server, name));
  }

  /** Drops the database also when the JVM is stopped before JUnit closes its stores. */
  private static GateDatabase track(GateDatabase db) {
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "drop-" + db.name));
    return db;
  }

  private static String uniqueName(String prefix) {
    return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
  }

  private static void execute(PgConnectOptions server, String sql) throws SQLException {
    try (Connection c = Migrations.open(server, "postgres"); var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The test PostgreSQL of this run (a container or the local server, see {@link TestPostgres}). */
  private static PgConnectOptions server() {
    TestPostgres.Server pg = TestPostgres.SERVER;
    PgConnectOptions options = new PgConnectOptions()
        .setHost(pg.host()).setPort(pg.port()).setUser(pg.user()).setDatabase("postgres");
    return pg.password().isEmpty() ? options : options.setPassword(pg.password());
  }
}
