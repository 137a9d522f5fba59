package dev.orders.gate;

import dev.orders.db.Migrations;
import dev.orders.seed.SeedPlan;
import dev.orders.seed.Seeder;
import dev.orders.testsupport.TestPostgres;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database this test run created on the test PostgreSQL ({@link TestPostgres}), migrated and
 * optionally seeded with the default production-sized dataset. The seeded one is built once per
 * test JVM (see {@link SeededDatabase}) and dropped when the run ends; it only ever drops
 * databases whose names it generated itself.
 */
public final class GateDatabase implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private final String name;

  private GateDatabase(String name) {
    this.name = name;
  }

  /** Creates {@code orders_gate_<random>}, migrates it and seeds it with {@code plan}. */
  static GateDatabase seeded(SeedPlan plan) throws SQLException {
    GateDatabase db = migrated("orders_gate");
    try {
      new Seeder(plan, System.out).run(db::connect, false);
      return db;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** A new, migrated, empty database {@code <prefix>_<random>}; close() drops it. */
  public static GateDatabase migrated(String prefix) {
    GateDatabase db = track(TestPostgres.createDatabase(prefix));
    try {
      Migrations.migrate(PgConnectOptions.fromUri(TestPostgres.SERVER.url(db.name)));
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** A copy of this database under a new name, without re-seeding; close() drops it. */
  GateDatabase cloneAs(String prefix) throws InterruptedException {
    return track(TestPostgres.copyDatabase(name, prefix));
  }

  public String name() {
    return name;
  }

  public Connection connect() throws SQLException {
    return TestPostgres.SERVER.jdbc(name);
  }

  @Override
  public void close() {
    try {
      TestPostgres.dropDatabase(name);
    } catch (IllegalStateException e) {
      System.err.println("index gate: could not drop database " + name + ": " + e.getMessage());
    }
  }

  /** Drops the database also when the JVM is stopped before JUnit closes its stores. */
  private static GateDatabase track(String name) {
    GateDatabase db = new GateDatabase(name);
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "drop-" + name));
    return db;
  }
}
