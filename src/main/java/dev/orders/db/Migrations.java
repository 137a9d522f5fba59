package dev.orders.db;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database to the schema in {@code sql/} (packaged as {@code db/migration}).
 * Blocking JDBC: called before any verticle is deployed, never on an event loop.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Creates the database if it is missing (and the role may), then applies pending migrations. */
  public static MigrateResult migrate(PgConnectOptions target) {
    ensureDatabaseExists(target);
    MigrateResult result = Flyway.configure()
        .dataSource(Jdbc.url(target, target.getDatabase()), target.getUser(), target.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    if (result.migrationsExecuted == 0) {
      LOG.info("database {} schema is up to date", target.getDatabase());
    } else {
      LOG.info("database {} migrated to version {} ({} migrations applied)",
          target.getDatabase(), result.targetSchemaVersion, result.migrationsExecuted);
    }
    return result;
  }

  static void ensureDatabaseExists(PgConnectOptions target) {
    String db = target.getDatabase();
    try (Connection c = Jdbc.open(target, "postgres");
         PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, db);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (var create = c.createStatement()) {
        create.execute("CREATE DATABASE " + quoteIdent(db));
      }
      LOG.info("database {} did not exist; created it", db);
    } catch (SQLException e) {
      throw new DatabaseUnreachableException(target, e);
    }
  }

  static String quoteIdent(String ident) {
    return '"' + ident.replace("\"", "\"\"") + '"';
  }

  /** The configured PostgreSQL cannot be used; the message says where and why. */
  public static final class DatabaseUnreachableException extends RuntimeException {
    DatabaseUnreachableException(PgConnectOptions target, SQLException cause) {
      super("cannot use PostgreSQL at " + target.getHost() + ":" + target.getPort()
          + " (database " + target.getDatabase() + ", user " + target.getUser() + "): "
          + cause.getMessage() + " -- check ORDERS_PG_URL", cause);
    }
  }
}
