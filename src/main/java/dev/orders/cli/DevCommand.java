package dev.orders.cli;

import dev.orders.config.Config;
import dev.orders.config.LogConfig;
import dev.orders.config.Redact;
import dev.orders.ops.Logs;
import dev.orders.config.SecurityConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "dev", mixinStandardHelpOptions = true,
    description = {"Run on a machine that has nothing but Java: start a throw-away embedded PostgreSQL",
        "(Linux x86-64; data in a temporary directory, removed at exit), migrate, load a demo catalog, serve.",
        "Uses Redis if one answers on ORDERS_REDIS_URL. Not for production: use `serve`."})
public final class DevCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    if (!embeddedPostgresInBuild()) {
      System.err.println("dev: this build has no embedded PostgreSQL (the image is built with -Pimage); use `serve` with ORDERS_PG_URL");
      return 1;
    }
    Config base = withDevSecret(Config.fromEnv());
    Logs.configure(base.logs(), LogConfig.Format.TEXT);
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      // a plain int, not pg, in the lambda below: a lambda capturing pg puts EmbeddedPostgres in a method
      // signature, and picocli's reflection then fails on every command of a build without it
      int pgPort = pg.getPort();
      Config config = base.withPgUrl("postgresql://postgres@127.0.0.1:" + pgPort + "/orders");
      if (!MigrateCommand.migrate(config)) {
        return 1;
      }
      int products = DemoCatalog.load(config);
      boolean redis = answers(config.redisUrl());
      return ServerRunner.runUntilSignal(config, () -> System.out.println(banner(config, pgPort, products, redis)));
    }
  }

  /** A random secret for this run unless one is configured (or auth is off): tokens die with the run. */
  private static Config withDevSecret(Config config) {
    SecurityConfig security = config.security();
    if (!security.enabled() || security.hs256Secret().isPresent()) {
      return config;
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return config.withSecurity(security.withHs256Secret(HexFormat.of().formatHex(secret)));
  }

  private static boolean embeddedPostgresInBuild() {
    return DevCommand.class.getClassLoader().getResource("io/zonky/test/db/postgres/embedded/EmbeddedPostgres.class") != null;
  }

  private static boolean answers(String redisUrl) {
    URI uri = URI.create(redisUrl);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 300);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String banner(Config config, int pgPort, int products, boolean redis) {
    int port = config.grpcPort();
    String user = authorization(config.security(), "usr_1", false);
    String admin = authorization(config.security(), "dev-admin", true);
    return String.join("\n",
        "",
        "orders dev server ready on 127.0.0.1:" + port,
        "  PostgreSQL: embedded on 127.0.0.1:" + pgPort + " (temporary; removed when you stop)",
        "  Redis:      " + (redis ? "answers on " : "none on ") + Redact.url(config.redisUrl()),
        "  Catalog:    " + products + " demo products (prd_espresso, prd_grinder, prd_kettle, ...)",
        "",
        "Try it (grpcurl, using server reflection; tokens valid for 12 h, signed with this run's secret):",
        "  grpcurl -plaintext" + user + " -d '{\"ids\":[\"prd_espresso\",\"prd_mug\"]}' 127.0.0.1:" + port
            + " orders.v1.ProductService/BatchGetProducts",
        "  grpcurl -plaintext" + user + " -d '{\"request_id\":\"req-1\",\"items\":[{\"product_id\":\"prd_espresso\",\"quantity\":2}]}' 127.0.0.1:"
            + port + " orders.v1.OrderService/CreateOrder",
        "  grpcurl -plaintext" + user + " -d '{}' 127.0.0.1:" + port + " orders.v1.OrderService/ListOrders",
        "  grpcurl -plaintext" + admin + " -d '{\"product\":{\"id\":\"prd_tea\",\"name\":\"Tea\",\"price_cents\":450,\"currency\":\"EUR\",\"stock\":50}}' 127.0.0.1:"
            + port + " orders.v1.ProductService/UpsertProduct",
        "Stop with Ctrl-C.",
        "");
  }

  /** grpcurl's header flag with a fresh token, or nothing when authentication is off. */
  private static String authorization(SecurityConfig security, String subject, boolean admin) {
    if (!security.enabled()) {
      return "";
    }
    return " -H 'authorization: Bearer " + TokenCommand.mint(security, subject, admin, Duration.ofHours(12)) + "'";
  }
}
