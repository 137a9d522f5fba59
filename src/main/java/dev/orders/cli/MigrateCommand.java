package dev.orders.cli;

import dev.orders.config.Config;
import dev.orders.config.LogConfig;
import dev.orders.ops.Logs;
import dev.orders.db.Migrations;
import dev.orders.db.Postgres;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Create the database if it is missing (and the role may), apply pending migrations, exit.")
public final class MigrateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Config config = Config.fromEnv();
    Logs.configure(config.logs(), LogConfig.Format.TEXT);
    return migrate(config) ? 0 : 1;
  }

  /** Reports a failure on stderr in one line, naming the database and the variable to fix. */
  static boolean migrate(Config config) {
    try {
      Migrations.migrate(Postgres.connectOptions(config));
      return true;
    } catch (Migrations.DatabaseUnreachableException | FlywayException e) {
      System.err.println("orders: " + e.getMessage());
      return false;
    }
  }
}
