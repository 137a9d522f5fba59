package dev.orders.cli;

import dev.orders.config.Config;
import dev.orders.db.Jdbc;
import dev.orders.db.Postgres;
import dev.orders.seed.SeedPlan;
import dev.orders.seed.Seeder;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "seed", mixinStandardHelpOptions = true,
    description = {"Migrate the configured PostgreSQL (ORDERS_PG_URL), then fill it with a production-sized,",
        "reproducible dataset: orders over two years, skewed users, 1-5 items per order, a product catalog.",
        "Refuses a database that already holds orders or products unless --reset is given."})
public final class SeedCommand implements Callable<Integer> {

  @Option(names = "--orders", description = "orders to generate (default: ${DEFAULT-VALUE})")
  long orders = SeedPlan.DEFAULT_ORDERS;

  @Option(names = "--users", description = "distinct users (default: ${DEFAULT-VALUE})")
  int users = SeedPlan.DEFAULT_USERS;

  @Option(names = "--products", description = "products in the catalog (default: ${DEFAULT-VALUE})")
  int products = SeedPlan.DEFAULT_PRODUCTS;

  @Option(names = "--seed", description = "the same seed gives the same data (default: ${DEFAULT-VALUE})")
  int seed = 1;

  @Option(names = "--until", description = "time of the newest order, ISO-8601 (default: ${DEFAULT-VALUE})")
  Instant until = SeedPlan.DEFAULT_UNTIL;

  @Option(names = "--reset", description = "delete all existing orders, order items and products first")
  boolean reset;

  @Override
  public Integer call() {
    SeedPlan plan;
    try {
      plan = new SeedPlan(orders, users, products, seed, until);
    } catch (IllegalArgumentException e) {
      System.err.println("orders seed: " + e.getMessage());
      return 2;
    }
    Config config = Config.fromEnv();
    if (!MigrateCommand.migrate(config)) {
      return 1;
    }
    PgConnectOptions target = Postgres.connectOptions(config);
    try {
      new Seeder(plan, System.out).run(() -> Jdbc.open(target, target.getDatabase()), reset);
      return 0;
    } catch (Seeder.NotEmptyException e) {
      System.err.println("orders seed: " + e.getMessage());
      return 3;
    } catch (SQLException e) {
      System.err.println("orders seed: failed, nothing was changed: " + e.getMessage());
      return 1;
    }
  }
}
