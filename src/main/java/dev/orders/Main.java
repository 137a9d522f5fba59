package dev.orders;

import dev.orders.cli.CeilingCommand;
import dev.orders.cli.DevCommand;
import dev.orders.cli.HealthCommand;
import dev.orders.cli.LoadCommand;
import dev.orders.cli.MigrateCommand;
import dev.orders.cli.SeedCommand;
import dev.orders.cli.ServeCommand;
import dev.orders.cli.TokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "gRPC order service (Vert.x, PostgreSQL, Redis). Configuration comes from ORDERS_* environment variables.",
    subcommands = {ServeCommand.class, MigrateCommand.class, SeedCommand.class, DevCommand.class, LoadCommand.class,
        TokenCommand.class, HealthCommand.class, CeilingCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"orders " + (v == null ? "dev" : v)};
    }
  }
}
