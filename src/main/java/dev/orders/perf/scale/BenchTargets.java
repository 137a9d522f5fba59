package dev.orders.perf.scale;

import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.ListOrdersResponse;
import dev.orders.api.v1.OrderServiceClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.perf.DatasetLoader;
import java.util.ArrayList;
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

  /** The next_page_token that starts about 90% down the user's list (UNSPECIFIED: all statuses). */
  private static String deepToken(OrderServiceClient client, String user, OrderStatus status) {
    List<String> tokens = new ArrayList<>();
    String token = "";
    do {
      ListOrdersResponse page = client.listOrders(ListOrdersRequest.newBuilder()
              .setUserId(user).setStatus(status).setPageSize(PAGE).setPageToken(token).build())
          .toCompletionStage().toCompletableFuture().join();
      token = page.getNextPageToken();
      if (!token.isEmpty()) {
        tokens.add(token);
      }
    } while (!token.isEmpty());
    if (tokens.isEmpty()) {
      throw new IllegalStateException("user " + user + " has one page of " + status + " orders or fewer; seed more");
    }
    // tokens.get(i) starts at row (i + 1) * PAGE of about (tokens.size() + 1) * PAGE
    int i = (int) Math.round(0.9 * (tokens.size() + 1)) - 1;
    return tokens.get(Math.max(0, Math.min(i, tokens.size() - 1)));
  }
}
