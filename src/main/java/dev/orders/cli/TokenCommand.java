package dev.orders.cli;

import dev.orders.config.Config;
import dev.orders.config.SecurityConfig;
import dev.orders.perf.Tokens;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Print a bearer token signed with ORDERS_AUTH_HS256_SECRET, for development and load tests:",
        "  grpcurl -H \"authorization: Bearer $(orders token --sub usr_1)\" ...",
        "Production tokens come from your identity provider, not from here."})
public final class TokenCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--sub", required = true, paramLabel = "user", description = "the user the token speaks for")
  String subject;

  @Option(names = "--admin", description = "add the admin role (may do everything)")
  boolean admin;

  @Option(names = "--ttl", paramLabel = "d", defaultValue = "1h", converter = LoadCommand.DurationConverter.class,
      description = "lifetime, e.g. 15m, 1h, 24h (default ${DEFAULT-VALUE})")
  Duration ttl;

  @Override
  public Integer call() {
    SecurityConfig security = Config.fromEnv().security();
    if (security.hs256Secret().isEmpty()) {
      spec.commandLine().getErr().println("token: set ORDERS_AUTH_HS256_SECRET to the secret the service verifies with");
      return 1;
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ttl must be greater than 0");
    }
    System.out.println(mint(security, subject, admin, ttl));
    return 0;
  }

  /** Also what `dev` prints. Vert.x only for the signing library, closed at once. */
  static String mint(SecurityConfig security, String subject, boolean admin, Duration ttl) {
    Vertx vertx = Vertx.vertx();
    try {
      return new Tokens(vertx, security.hs256Secret().orElseThrow(), security.rolesClaim(), security.adminRole())
          .mint(subject, admin, ttl);
    } finally {
      vertx.close();
    }
  }
}
