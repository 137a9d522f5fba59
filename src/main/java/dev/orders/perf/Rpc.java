package dev.orders.perf;

import java.util.Arrays;
import java.util.Optional;

/** The calls a scenario can weigh, named as in the proto (and in thresholds, reports and scenario files). */
public enum Rpc {
  GetOrder, ListOrders, CreateOrder, CancelOrder, GetProduct, BatchGetProducts;

  public static Optional<Rpc> named(String name) {
    return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
  }
}
