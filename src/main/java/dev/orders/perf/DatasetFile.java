package dev.orders.perf;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Dataset} as a JSON file, so a load test can run from a machine that cannot reach
 * the database: {@code load --export-dataset FILE} writes it where the database is reachable,
 * {@code load --dataset FILE} reads it anywhere. Format in perf/README.md.
 */
public final class DatasetFile {

  static final String FORMAT = "orders-load-dataset/1";

  private DatasetFile() {}

  public static void write(Path file, Dataset data) throws IOException {
    JsonObject json = new JsonObject()
        .put("format", FORMAT)
        .put("source", data.source())
        .put("orderCount", data.orderCount())
        .put("userCount", data.userCount())
        .put("productCount", data.productCount())
        .put("secondaryIndexes", data.secondaryIndexes())
        .put("orderIds", new JsonArray(List.copyOf(data.orderIds())))
        .put("userIds", new JsonArray(List.copyOf(data.userIds())))
        .put("userOrderCounts", new JsonArray(List.copyOf(data.userOrderCounts())))
        .put("productIds", new JsonArray(List.copyOf(data.productIds())));
    Files.writeString(file, json.encode());
  }

  /** Every failure (missing file, not JSON, another format, a missing field) is an IllegalStateException naming the file. */
  public static Dataset read(Path file) {
    try {
      JsonObject json = new JsonObject(Files.readString(file));
      if (!FORMAT.equals(json.getString("format"))) {
        throw new IllegalStateException("format is '" + json.getString("format") + "', expected " + FORMAT);
      }
      return Dataset.of(json.getString("source") + " via " + file,
          number(json, "orderCount"), number(json, "userCount"), number(json, "productCount"),
          (int) number(json, "secondaryIndexes"),
          array(json, "orderIds").stream().map(String.class::cast).toList(),
          array(json, "userIds").stream().map(String.class::cast).toList(),
          array(json, "userOrderCounts").stream().map(n -> ((Number) n).longValue()).toList(),
          array(json, "productIds").stream().map(String.class::cast).toList());
    } catch (IOException | DecodeException | ClassCastException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalStateException("cannot read dataset file " + file + ": " + e.getMessage(), e);
    }
  }

  private static long number(JsonObject json, String key) {
    Long n = json.getLong(key);
    if (n == null) {
      throw new IllegalStateException("no " + key);
    }
    return n;
  }

  private static JsonArray array(JsonObject json, String key) {
    JsonArray a = json.getJsonArray(key);
    if (a == null) {
      throw new IllegalStateException("no " + key);
    }
    return a;
  }
}
