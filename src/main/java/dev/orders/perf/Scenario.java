package dev.orders.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A weighted mix of calls and how they pick their arguments, read from a properties file
 * (format in perf/README.md). Unknown keys are errors, so a typo cannot silently change a mix.
 */
public record Scenario(
    String name,
    String description,
    Map<Rpc, Integer> weights,
    int listPageSize,
    double listStatusShare,
    double listNextPageShare,
    int hotProducts,
    double hotShare,
    int batchSize,
    int createMaxLines,
    int createMaxQuantity,
    boolean usersByOrderCount) {

  /** The scenarios in perf/scenarios/, packed into the jar: three mixes and one single-call mix per bench target. */
  public static final String[] BUILT_IN = {"read-heavy", "checkout", "mixed",
      "bench-get-order", "bench-list-orders", "bench-get-product", "bench-batch-100"};

  private static final Set<String> KEYS = Set.of("description", "list.pageSize", "list.statusFilterShare",
      "list.nextPageShare", "products.hotCount", "products.hotShare", "batch.size", "create.maxLines",
      "create.maxQuantity", "users.byOrderCount");

  public Scenario {
    weights = Map.copyOf(weights);
    if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
      throw new IllegalArgumentException("scenario " + name + " gives no call a positive weight");
    }
    if (weights.getOrDefault(Rpc.CancelOrder, 0) > 0 && weights.getOrDefault(Rpc.CreateOrder, 0) == 0) {
      throw new IllegalArgumentException("scenario " + name + ": CancelOrder cancels orders the run created, so it needs CreateOrder");
    }
  }

  /** A name in perf/scenarios/ (working directory first, then the copy inside the jar) or a path. */
  public static Scenario load(String nameOrPath) {
    try {
      Path path = Path.of(nameOrPath);
      if (Files.isRegularFile(path)) {
        return parse(nameFrom(path), Files.readString(path));
      }
      Path local = Path.of("perf", "scenarios", nameOrPath + ".properties");
      if (Files.isRegularFile(local)) {
        return parse(nameOrPath, Files.readString(local));
      }
      try (InputStream in = Scenario.class.getResourceAsStream("/perf/scenarios/" + nameOrPath + ".properties")) {
        if (in != null) {
          return parse(nameOrPath, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario " + nameOrPath + ": " + e.getMessage());
    }
    throw new IllegalArgumentException("no scenario '" + nameOrPath + "': not a file, and not one of "
        + String.join(", ", BUILT_IN) + " (perf/scenarios/)");
  }

  public static Scenario parse(String name, String text) {
    Properties p = new Properties();
    try (Reader r = new StringReader(text)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    Map<Rpc, Integer> weights = new EnumMap<>(Rpc.class);
    Set<String> unknown = new TreeSet<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("weight.")) {
        Rpc rpc = Rpc.named(key.substring(7)).orElseThrow(() -> new IllegalArgumentException("scenario " + name
            + ": unknown call in '" + key + "' (known: " + java.util.Arrays.toString(Rpc.values()) + ")"));
        weights.put(rpc, (int) number(name, p, key, 0, 0, 1_000_000));
      } else if (!KEYS.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("scenario " + name + ": unknown keys " + unknown);
    }
    return new Scenario(name, p.getProperty("description", "").trim(), weights,
        (int) number(name, p, "list.pageSize", 10, 1, 100),
        number(name, p, "list.statusFilterShare", 0.3, 0, 1),
        number(name, p, "list.nextPageShare", 0.2, 0, 1),
        (int) number(name, p, "products.hotCount", 100, 1, 1_000_000),
        number(name, p, "products.hotShare", 0.8, 0, 1),
        (int) number(name, p, "batch.size", 20, 1, 1000),
        (int) number(name, p, "create.maxLines", 3, 1, 100),
        (int) number(name, p, "create.maxQuantity", 2, 1, 10_000),
        Boolean.parseBoolean(p.getProperty("users.byOrderCount", "true").trim()));
  }

  /** Picks a call for a uniform draw u in [0, 1). */
  public Rpc pick(double u) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    double x = u * total;
    Rpc last = null;
    for (Rpc rpc : Rpc.values()) {
      int w = weights.getOrDefault(rpc, 0);
      if (w > 0) {
        last = rpc;
        if (x < w) {
          return rpc;
        }
        x -= w;
      }
    }
    return last;
  }

  public boolean uses(Rpc rpc) {
    return weights.getOrDefault(rpc, 0) > 0;
  }

  private static double number(String scenario, Properties p, String key, double fallback, double min, double max) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      double n = Double.parseDouble(v.trim());
      if (n < min || n > max) {
        throw new IllegalArgumentException("scenario " + scenario + ": " + key + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("scenario " + scenario + ": " + key + " = '" + v.trim() + "' is not a number");
    }
  }

  private static String nameFrom(Path path) {
    String f = path.getFileName().toString();
    return f.endsWith(".properties") ? f.substring(0, f.length() - 11) : f;
  }
}
