package dev.orders.cli;

import dev.orders.auth.AuthKeys;
import dev.orders.config.Config;
import dev.orders.config.LogConfig;
import dev.orders.ops.Logs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Migrate the configured PostgreSQL (ORDERS_PG_URL), then serve gRPC on ORDERS_GRPC_PORT.",
        "Never falls back to an embedded database: an unreachable database is an error (exit 1)."})
public final class ServeCommand implements Callable<Integer> {

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
    if (!MigrateCommand.migrate(config)) {
      return 1;
    }
    return ServerRunner.runUntilSignal(config, () -> { });
  }
}
