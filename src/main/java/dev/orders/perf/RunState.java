package dev.orders.perf;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the run learns as it goes, shared by all lanes: orders it created (for CancelOrder)
 * and page tokens from earlier ListOrders answers (for the paging share).
 */
final class RunState {

  /** A follow-up page: same user and status filter as the answer that handed out the token. */
  record PageToken(String userId, int status, String token) {}

  /** An order the run created, and whose it is: only that user (or an admin) may cancel it. */
  record Created(String orderId, String userId) {}

  private static final int MAX_CREATED = 100_000;

  private final String runId = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong requests = new AtomicLong();
  private final ConcurrentLinkedQueue<Created> created = new ConcurrentLinkedQueue<>();
  private final AtomicInteger createdSize = new AtomicInteger();
  private final AtomicReferenceArray<PageToken> tokens = new AtomicReferenceArray<>(1024);
  private final AtomicLong tokenWrites = new AtomicLong();

  /** Unique per run and call, so every CreateOrder is a new order, never an idempotent replay. */
  String nextRequestId() {
    return "load-" + runId + "-" + requests.incrementAndGet();
  }

  void created(Created order) {
    if (createdSize.get() < MAX_CREATED) {
      created.add(order);
      createdSize.incrementAndGet();
    }
  }

  /** An order this run created and has not cancelled yet, or null. */
  Created takeCreated() {
    Created id = created.poll();
    if (id != null) {
      createdSize.decrementAndGet();
    }
    return id;
  }

  void offerToken(PageToken t) {
    tokens.set((int) (tokenWrites.getAndIncrement() & 1023), t);
  }

  PageToken anyToken(int slot) {
    return tokens.get(slot & 1023);
  }
}
