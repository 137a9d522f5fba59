package dev.orders.db;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Blocking JDBC connections for the tools that run before or beside the service (migrations,
 * seed, the CLI), built from the same connect options as the async clients. Never used on an
 * event loop.
 */
public final class Jdbc {

  private Jdbc() {}

  /** A connection to {@code database} on the server {@code target} names, as its user. */
  public static Connection open(PgConnectOptions target, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", target.getUser());
    if (target.getPassword() != null) {
      props.setProperty("password", target.getPassword());
    }
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url(target, database), props);
  }

  static String url(PgConnectOptions target, String database) {
    return "jdbc:postgresql://" + target.getHost() + ":" + target.getPort() + "/" + database;
  }
}
