package dev.orders.faults;

import dev.orders.api.v1.AdjustStockRequest;
import dev.orders.api.v1.CreateOrderRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.LineItem;
import dev.orders.api.v1.Order;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load from the test itself: {@code workers} loops of CreateOrder (half the calls),
 * GetProduct and a little AdjustStock, each call with a deadline. It records every attempt and
 * every CreateOrder the service acknowledged, for the ledger. A CreateOrder or AdjustStock that
 * ends UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (or finds no server) is retried with the same request_id,
 * as a careful client does, until it gets an answer or {@link #GIVE_UP_MS} passed.
 */
final class Driver {

  /** RESOURCE_EXHAUSTED too: the service refused before any work (in-flight bound, pool wait). */
  static final Set<GrpcStatus> RETRYABLE = EnumSet.of(GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED,
      GrpcStatus.RESOURCE_EXHAUSTED);
  private static final long GIVE_UP_MS = 60_000;
  private static final long RETRY_PAUSE_MS = 100;

  /** One call on the wire: when it started (ms since the driver started), how long it took, how it ended. */
  record Attempt(String rpc, long startMs, long latencyMs, GrpcStatus status) {}

  /** A CreateOrder answered OK: the order the ledger must find, and how many attempts it took. */
  record Ack(String userId, String requestId, String orderId, List<LineItem> lines, int attempts) {}

  private final Vertx vertx;
  private final GrpcClient client;
  private final SocketAddress address;
  private final List<String> products;
  private final List<String> catalog;
  private final long deadlineMs;
  private final long started = System.nanoTime();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger sequence = new AtomicInteger();
  final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  /** Requests given up on (no answer within GIVE_UP_MS, or a status that is not retried): the service owes them nothing. */
  final ConcurrentHashMap<String, GrpcStatus> unanswered = new ConcurrentHashMap<>();
  /** The first message seen per failing status, to tell what a failure was. */
  final ConcurrentHashMap<GrpcStatus, String> firstMessages = new ConcurrentHashMap<>();
  private final List<Future<Void>> loops = new ArrayList<>();

  /**
   * Orders and adjustments touch {@code products}; GetProduct reads {@code catalog}, which nothing
   * writes: every order changes its products' stock and so evicts them from the cache.
   */
  Driver(Vertx vertx, GrpcClient client, SocketAddress address, List<String> products, List<String> catalog,
      long deadlineMs) {
    this.vertx = vertx;
    this.client = client;
    this.address = address;
    this.products = products;
    this.catalog = catalog;
    this.deadlineMs = deadlineMs;
  }

  Driver start(int workers) {
    for (int i = 0; i < workers; i++) {
      String user = "fault-user-" + i;
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(user, done));
      loops.add(done.future());
    }
    return this;
  }

  /** Stops every loop after its current call (retries included) and waits for them. */
  void stop() {
    stopping.set(true);
    TestServer.await(Future.join(loops).mapEmpty());
  }

  long nowMs() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** Attempts by status in the window. */
  Map<GrpcStatus, Long> byStatus(long fromMs, long toMs) {
    Map<GrpcStatus, Long> counts = new java.util.EnumMap<>(GrpcStatus.class);
    window(fromMs, toMs).forEach(a -> counts.merge(a.status(), 1L, Long::sum));
    return counts;
  }

  /** A count by status with the statuses' names, e.g. {OK=1200, UNAVAILABLE=31} (GrpcStatus prints its code). */
  static String names(Map<GrpcStatus, Long> counts) {
    Map<String, Long> named = new java.util.LinkedHashMap<>();
    counts.forEach((status, n) -> named.put(status.name(), n));
    return named.toString();
  }

  List<Attempt> window(long fromMs, long toMs) {
    return attempts.stream().filter(a -> a.startMs() >= fromMs && a.startMs() < toMs).toList();
  }

  /** The first moment from which every call started at or after {@code fromMs} succeeded. */
  long okSince(long fromMs) {
    return window(fromMs, Long.MAX_VALUE).stream().filter(a -> a.status() != GrpcStatus.OK)
        .mapToLong(a -> a.startMs() + a.latencyMs()).max().orElse(fromMs);
  }

  /** The slowest call started in the window, ms. */
  long maxLatency(long fromMs, long toMs) {
    return window(fromMs, toMs).stream().mapToLong(Attempt::latencyMs).max().orElse(0);
  }

  /** p99 latency of the OK calls started in the window, ms. */
  long okP99(long fromMs, long toMs) {
    long[] sorted = window(fromMs, toMs).stream().filter(a -> a.status() == GrpcStatus.OK)
        .mapToLong(Attempt::latencyMs).sorted().toArray();
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
  }

  long retriedAcks() {
    return acks.stream().filter(a -> a.attempts() > 1).count();
  }

  private void loop(String user, Promise<Void> done) {
    if (stopping.get()) {
      done.complete();
      return;
    }
    int roll = ThreadLocalRandom.current().nextInt(100);
    Future<?> call = roll < 50 ? createOrder(user) : roll < 95 ? getProduct() : adjustStock();
    call.onComplete(r -> loop(user, done));
  }

  private Future<?> createOrder(String user) {
    String requestId = "req-" + sequence.incrementAndGet();
    CreateOrderRequest request = CreateOrderRequest.newBuilder().setUserId(user).setRequestId(requestId)
        .addAllItems(lines()).build();
    return retried("CreateOrder", requestId, OrderServiceGrpcClient.CreateOrder, request, 1, nowMs())
        .onSuccess(done -> {
          if (done.reply().ok()) {
            Order order = done.reply().body();
            acks.add(new Ack(user, requestId, order.getId(), request.getItemsList(), done.attempts()));
          }
        });
  }

  private Future<?> getProduct() {
    GetProductRequest request = GetProductRequest.newBuilder().setId(pick(catalog)).build();
    return attempt("GetProduct", ProductServiceGrpcClient.GetProduct, request);
  }

  private Future<?> adjustStock() {
    AdjustStockRequest request = AdjustStockRequest.newBuilder().setProductId(pick(products)).setDelta(5)
        .setRequestId("adj-" + sequence.incrementAndGet()).build();
    return retried("AdjustStock", request.getRequestId(), ProductServiceGrpcClient.AdjustStock, request, 1, nowMs());
  }

  private record Done<T>(Reply<T> reply, int attempts) {}

  private <Req, Resp> Future<Done<Resp>> retried(String rpc, String key,
      io.vertx.grpc.common.ServiceMethod<Resp, Req> method, Req request, int attempt, long firstTry) {
    return attempt(rpc, method, request).compose(reply -> {
      if (!RETRYABLE.contains(reply.status())) {
        if (!reply.ok()) {
          unanswered.put(key, reply.status());
        }
        return Future.succeededFuture(new Done<>(reply, attempt));
      }
      if (nowMs() - firstTry > GIVE_UP_MS) {
        unanswered.put(key, reply.status());
        return Future.succeededFuture(new Done<>(reply, attempt));
      }
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(RETRY_PAUSE_MS, t -> pause.complete());
      return pause.future().compose(v -> retried(rpc, key, method, request, attempt + 1, firstTry));
    });
  }

  /** One call; no server to talk to, or no status, counts as UNAVAILABLE, as a gRPC client library reports it. */
  private <Req, Resp> Future<Reply<Resp>> attempt(String rpc, io.vertx.grpc.common.ServiceMethod<Resp, Req> method,
      Req request) {
    long start = nowMs();
    return TestServer.call(client, address, method, request, deadlineMs)
        .otherwise(e -> new Reply<>(GrpcStatus.UNAVAILABLE, String.valueOf(e), null))
        // a stream the dying server reset has no status at all
        .map(reply -> reply.status() != null ? reply : new Reply<Resp>(GrpcStatus.UNAVAILABLE, "no status", null))
        .onSuccess(reply -> {
          attempts.add(new Attempt(rpc, start, nowMs() - start, reply.status()));
          if (!reply.ok()) {
            firstMessages.putIfAbsent(reply.status(), start + " ms " + rpc + ": " + reply.message());
          }
        });
  }

  private List<LineItem> lines() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<LineItem> lines = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    List<String> chosen = new ArrayList<>(products);
    java.util.Collections.shuffle(chosen, random);
    for (int i = 0; i < count; i++) {
      lines.add(LineItem.newBuilder().setProductId(chosen.get(i)).setQuantity(1 + random.nextInt(2)).build());
    }
    return lines;
  }

  private static String pick(List<String> ids) {
    return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
  }
}
