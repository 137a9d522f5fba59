package dev.orders.cli;

import dev.orders.config.Config;
import dev.orders.db.Jdbc;
import dev.orders.db.Postgres;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A small catalog for `dev`, so a first call has something to order. Blocking JDBC, before serving. */
final class DemoCatalog {

  private record Item(String id, String name, long priceCents, int stock) {}

  private static final Item[] ITEMS = {
      new Item("prd_espresso", "Espresso beans 1 kg", 2490, 500),
      new Item("prd_grinder", "Burr grinder", 12900, 40),
      new Item("prd_kettle", "Gooseneck kettle", 5990, 75),
      new Item("prd_filter", "Paper filters (100)", 590, 2000),
      new Item("prd_scale", "Brew scale", 3490, 120),
      new Item("prd_mug", "Stoneware mug", 1490, 800),
  };

  private DemoCatalog() {}

  static int load(Config config) throws SQLException {
    PgConnectOptions target = Postgres.connectOptions(config);
    try (Connection c = Jdbc.open(target, target.getDatabase());
         PreparedStatement upsert = c.prepareStatement(
             "INSERT INTO products (id, name, description, price_cents, currency, stock) VALUES (?, ?, '', ?, 'EUR', ?)"
                 + " ON CONFLICT (id) DO NOTHING")) {
      for (Item item : ITEMS) {
        upsert.setString(1, item.id());
        upsert.setString(2, item.name());
        upsert.setLong(3, item.priceCents());
        upsert.setInt(4, item.stock());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
    return ITEMS.length;
  }
}
