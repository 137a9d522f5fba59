package dev.orders.order;

import static dev.orders.testsupport.Fixtures.line;
import static dev.orders.testsupport.Fixtures.newProduct;
import static dev.orders.testsupport.Fixtures.order;
import static dev.orders.testsupport.Fixtures.unique;
import static dev.orders.testsupport.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.orders.api.v1.ListOrdersRequest;
import dev.orders.api.v1.ListOrdersResponse;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.OrderStatus;
import dev.orders.api.v1.UpdateOrderStatusRequest;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListOrdersTest {

  private static final int ORDERS = 250;

  private final TestServer server = TestServer.shared();
  private final String user = unique("usr_heavy_");
  private final List<Order> created = new ArrayList<>();

  @BeforeAll
  void createOrders() throws Exception {
    String product = newProduct(server, 100, 100_000);
    // Ten at a time: one user's creates queue on that user's lock, each holding a pooled connection, and
    // 250 at once can outwait ORDERS_PG_POOL_WAIT_MS on a loaded machine (RESOURCE_EXHAUSTED, by design).
    for (int first = 0; first < ORDERS; first += 10) {
      List<Future<Order>> calls = new ArrayList<>();
      for (int i = first; i < first + 10; i++) {
        calls.add(server.orders().createOrder(order(user, "req-" + i).addItems(line(product, 1 + i % 3)).build()));
      }
      calls.forEach(f -> created.add(await(f)));
    }
    // Ties on created_at are what the id tie-breaker is for: give 40 orders the same instant.
    try (Connection c = server.jdbc();
         PreparedStatement tie = c.prepareStatement("UPDATE orders SET created_at = '2026-01-01T00:00:00Z'"
             + " WHERE id IN (SELECT id FROM orders WHERE user_id = ? ORDER BY id LIMIT 40)")) {
      tie.setString(1, user);
      assertEquals(40, tie.executeUpdate());
    }
    for (int i = 0; i < 30; i++) {
      await(server.orders().updateOrderStatus(UpdateOrderStatusRequest.newBuilder()
          .setOrderId(created.get(i * 7).getId()).setStatus(OrderStatus.ORDER_STATUS_CONFIRMED).build()));
    }
  }

  @Test
  void listOrders_pagesThroughAll_newestFirst_noGapNoDuplicate() {
    for (int pageSize : new int[] {100, 7}) {
      List<Order> seen = readAll(ListOrdersRequest.newBuilder().setUserId(user).setPageSize(pageSize));
      assertEquals(ORDERS, seen.size(), "page size " + pageSize);
      Set<String> ids = new HashSet<>();
      seen.forEach(o -> ids.add(o.getId()));
      assertEquals(ORDERS, ids.size(), "no duplicates with page size " + pageSize);
      assertEquals(created.stream().map(Order::getId).collect(java.util.stream.Collectors.toSet()), ids);
      assertNewestFirst(seen);
      assertTrue(seen.stream().allMatch(o -> o.getItemsCount() == 1), "items are included");
    }
  }

  @Test
  void listOrders_statusFilter_returnsOnlyThatStatus_acrossPages() {
    List<Order> confirmed = readAll(ListOrdersRequest.newBuilder().setUserId(user)
        .setStatus(OrderStatus.ORDER_STATUS_CONFIRMED).setPageSize(4));
    assertEquals(30, confirmed.size());
    assertTrue(confirmed.stream().allMatch(o -> o.getStatus() == OrderStatus.ORDER_STATUS_CONFIRMED));
    assertNewestFirst(confirmed);
  }

  @Test
  void listOrders_defaultPageSizeIsTen_andLastPageHasNoToken() {
    ListOrdersResponse first = await(server.orders().listOrders(ListOrdersRequest.newBuilder().setUserId(user).build()));
    assertEquals(10, first.getOrdersCount());
    assertFalse(first.getNextPageToken().isEmpty());

    ListOrdersResponse nobody = await(server.orders().listOrders(ListOrdersRequest.newBuilder().setUserId(unique("usr_")).build()));
    assertEquals(0, nobody.getOrdersCount());
    assertTrue(nobody.getNextPageToken().isEmpty());
  }

  @Test
  void listOrders_badPageSizeOrToken_isInvalidArgumentNamingTheField() {
    String token = await(server.orders().listOrders(ListOrdersRequest.newBuilder().setUserId(user).build())).getNextPageToken();
    assertInvalid(ListOrdersRequest.newBuilder().setUserId(user).setPageSize(101), "page_size");
    assertInvalid(ListOrdersRequest.newBuilder().setUserId(user).setPageSize(-1), "page_size");
    assertInvalid(ListOrdersRequest.newBuilder().setUserId(user).setPageToken("not a token!"), "page_token");
    assertInvalid(ListOrdersRequest.newBuilder().setUserId(user).setPageToken("AAAA"), "page_token");
    assertInvalid(ListOrdersRequest.newBuilder().setUserId("usr_other").setPageToken(token), "page_token");
    assertInvalid(ListOrdersRequest.newBuilder().setUserId(user).setStatus(OrderStatus.ORDER_STATUS_SHIPPED)
        .setPageToken(token), "page_token");
    assertInvalid(ListOrdersRequest.newBuilder().setUserId("usr\u0001"), "user_id");
  }

  /** Instances and restarts agree on tokens because the key is the database's, not the process's. */
  @Test
  void listOrders_tokenSignedWithTheDatabaseKey_isAccepted_oneSignedWithAnyOtherKeyIsNot() throws Exception {
    byte[] key;
    try (var c = server.jdbc(); var s = c.createStatement(); var rs = s.executeQuery("SELECT key FROM page_token_key")) {
      rs.next();
      key = rs.getBytes(1);
    }
    PageCursor start = new PageCursor(java.time.Instant.parse("2100-01-01T00:00:00Z"), "ord_z");
    String signed = new PageTokens(key).encode(user, java.util.Optional.empty(), start);
    Reply<ListOrdersResponse> reply = server.callAndWait(OrderServiceGrpcClient.ListOrders,
        ListOrdersRequest.newBuilder().setUserId(user).setPageToken(signed).build());
    assertTrue(reply.ok(), reply.toString());

    key[0] ^= 1;
    String forged = new PageTokens(key).encode(user, java.util.Optional.empty(), start);
    assertInvalid(ListOrdersRequest.newBuilder().setUserId(user).setPageToken(forged), "page_token");
  }

  private void assertInvalid(ListOrdersRequest.Builder request, String field) {
    Reply<ListOrdersResponse> reply = server.callAndWait(OrderServiceGrpcClient.ListOrders, request.build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.toString());
    assertTrue(reply.message().contains(field), reply.message());
  }

  private List<Order> readAll(ListOrdersRequest.Builder request) {
    List<Order> all = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListOrdersResponse page = await(server.orders().listOrders(request.setPageToken(token).build()));
      all.addAll(page.getOrdersList());
      token = page.getNextPageToken();
      assertTrue(++pages <= ORDERS + 1, "paging terminates");
    } while (!token.isEmpty());
    return all;
  }

  private static void assertNewestFirst(List<Order> orders) {
    Comparator<Order> newestFirst = Comparator.comparing((Order o) -> o.getCreatedAt(), ListOrdersTest::compare)
        .reversed().thenComparing(Order::getId, Comparator.reverseOrder());
    List<Order> sorted = new ArrayList<>(orders);
    sorted.sort(newestFirst);
    assertEquals(sorted, orders);
  }

  private static int compare(Timestamp a, Timestamp b) {
    return a.getSeconds() != b.getSeconds() ? Long.compare(a.getSeconds(), b.getSeconds()) : Integer.compare(a.getNanos(), b.getNanos());
  }
}
