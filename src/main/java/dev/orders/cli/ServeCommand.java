package dev.orders.cli;

import dev.orders.auth.AuthKeys;
import dev.orders.config.Config;
import dev.orders.config.LogConfig;
import dev.orders.ops.Logs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Migrate the configured PostgreSQL (ORDERS_PG_URL), then serve gRPC on ORDERS_GRPC_PORT",
        "and metrics and HTTP health on ORDERS_ADMIN_PORT.",
        "Never falls back to an embedded database: an unreachable database is an error (exit 1)."})
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--no-migrate",
      description = "Do not migrate first (also ORDERS_MIGRATE=false): a separate `migrate` step runs once for all replicas.")
  boolean noMigrate;

  @Override
  public Integer call() throws Exception {
    Config config = Config.fromEnv();
    Logs.configure(config.logs(), LogConfig.Format.JSON);
    try {
      AuthKeys.read(config.security()); // a service that cannot verify tokens must not touch the database
    } catch (IllegalArgumentException e) {
      System.err.println("serve: " + e.getMessage());
      return 1;
    }
    if (!noMigrate && config.ops().migrate() && !MigrateCommand.migrate(config)) {
      return 1;
    }
    return ServerRunner.runUntilSignal(config, () -> { });
  }
}
