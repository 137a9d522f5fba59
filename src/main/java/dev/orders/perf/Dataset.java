package dev.orders.perf;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Ids to call with, sampled from the target database ({@link DatasetLoader}) or read from a
 * file ({@link DatasetFile}), and the database's size for the report.
 * Picking is where the skew lives: a few hot products take most product traffic, and users
 * are picked in proportion to their order count, so heavy users list and order more.
 */
public record Dataset(
    String source,
    long orderCount,
    long userCount,
    long productCount,
    int secondaryIndexes,
    List<String> orderIds,
    List<String> userIds,
    long[] userCumulativeOrders,
    List<String> productIds) {

  public Dataset {
    orderIds = List.copyOf(orderIds);
    userIds = List.copyOf(userIds);
    productIds = shuffled(productIds);
  }

  /** A dataset whose users are weighted by their order counts ({@code userOrderCounts[i]} for {@code userIds[i]}). */
  public static Dataset of(String source, long orderCount, long userCount, long productCount, int secondaryIndexes,
      List<String> orderIds, List<String> userIds, List<Long> userOrderCounts, List<String> productIds) {
    if (userIds.size() != userOrderCounts.size()) {
      throw new IllegalArgumentException(userIds.size() + " users but " + userOrderCounts.size() + " order counts");
    }
    long[] cumulative = new long[userOrderCounts.size()];
    long sum = 0;
    for (int i = 0; i < cumulative.length; i++) {
      sum += userOrderCounts.get(i);
      cumulative[i] = sum;
    }
    return new Dataset(source, orderCount, userCount, productCount, secondaryIndexes, orderIds, userIds, cumulative,
        productIds);
  }

  /** The order count of each user in {@link #userIds()}, as {@link #of} took them. */
  public List<Long> userOrderCounts() {
    List<Long> counts = new java.util.ArrayList<>(userCumulativeOrders.length);
    for (int i = 0; i < userCumulativeOrders.length; i++) {
      counts.add(userCumulativeOrders[i] - (i == 0 ? 0 : userCumulativeOrders[i - 1]));
    }
    return counts;
  }

  public String randomOrder(RandomGenerator rnd) {
    return orderIds.get(rnd.nextInt(orderIds.size()));
  }

  public String randomUser(RandomGenerator rnd, boolean byOrderCount) {
    if (!byOrderCount || userCumulativeOrders.length == 0) {
      return userIds.get(rnd.nextInt(userIds.size()));
    }
    long total = userCumulativeOrders[userCumulativeOrders.length - 1];
    int i = Arrays.binarySearch(userCumulativeOrders, rnd.nextLong(total) + 1);
    return userIds.get(i >= 0 ? i : -i - 1);
  }

  /** With probability hotShare one of the first hotCount products (the hot set), else any product. */
  public String randomProduct(RandomGenerator rnd, int hotCount, double hotShare) {
    int hot = Math.min(hotCount, productIds.size());
    return rnd.nextDouble() < hotShare
        ? productIds.get(rnd.nextInt(hot))
        : productIds.get(rnd.nextInt(productIds.size()));
  }

  /** One line for the console and reports. */
  public String describe() {
    return String.format("%,d orders, %,d users, %,d products, %d secondary indexes on orders/order_items (%s)",
        orderCount, userCount, productCount, secondaryIndexes, source);
  }

  // a fixed seed: the same products are hot in every run against the same catalog
  private static List<String> shuffled(List<String> ids) {
    List<String> copy = new java.util.ArrayList<>(ids);
    java.util.Collections.sort(copy);
    java.util.Collections.shuffle(copy, new Random(42));
    return List.copyOf(copy);
  }
}
