package dev.orders.perf.scale;

import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.ListOrdersResponse;
import dev.orders.api.v1.OrderServiceClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.perf.DatasetLoader;
import java.util.List;

/**
 * What the benchmark asks for: order ids spread over the whole table for GetOrder (from the
 * seeded database), and the heaviest user with page tokens 90% down their lists (the planner's
 * worst case) for ListOrders. The tokens are opaque: they come from paging through ListOrders
 * as any client would.
 */
record BenchTargets(List<String> orderIds, String heavyUser, String deepToken, String deepDeliveredToken) {

  private static final int PAGE = 100;   // the largest page ListOrders serves

  static BenchTargets read(String pgUrl, OrderServiceClient client) {
    DatasetLoader.Spread spread = DatasetLoader.spread(pgUrl, 2000);
    String heavy = spread.heaviestUser();
    return new BenchTargets(spread.orderIds(), heavy,
        deepToken(client, heavy, OrderStatus.ORDER_STATUS_UNSPECIFIED),
        deepToken(client, heavy, OrderStatus.ORDER_STATUS_DELIVERED));
  }

  /**
   * The next_page_token after the first 90% of the user's list (UNSPECIFIED: all statuses): one
   * pass to count the list, a second that pages up to exactly that row.
   */
  private static String deepToken(OrderServiceClient client, String user, OrderStatus status) {
    long count = 0;
    String token = "";
    do {
      ListOrdersResponse page = list(client, user, status, PAGE, token);
      count += page.getOrdersCount();
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    if (count < 2) {
      throw new IllegalStateException("user " + user + " has " + count + " " + status + " orders, too few for a deep page");
    }
    long skip = Math.min(count - 1, Math.max(1, (long) (0.9 * count)));
    for (long skipped = 0; skipped < skip; ) {
      ListOrdersResponse page = list(client, user, status, (int) Math.min(PAGE, skip - skipped), token);
      skipped += page.getOrdersCount();
      token = page.getNextPageToken();
    }
    return token;
  }

  private static ListOrdersResponse list(OrderServiceClient client, String user, OrderStatus status, int size,
      String token) {
    return client.listOrders(ListOrdersRequest.newBuilder()
            .setUserId(user).setStatus(status).setPageSize(size).setPageToken(token).build())
        .toCompletionStage().toCompletableFuture().join();
  }
}
