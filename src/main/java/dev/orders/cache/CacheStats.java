package dev.orders.cache;

import dev.orders.ops.DependencyState;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the product cache did, counted across all verticle instances of the process (read through
 * {@code OrdersServer.cacheStats()}).
 */
public final class CacheStats {

  public final LongAdder hits = new LongAdder();
  public final LongAdder misses = new LongAdder();
  public final LongAdder negativeHits = new LongAdder();
  /** SELECTs sent to PostgreSQL to load missed products (one per batch, shared by single-flight joiners). */
  public final LongAdder pgLoads = new LongAdder();
  /** Pipelined fill round trips written to Redis. */
  public final LongAdder fills = new LongAdder();
  /** Write-through round trips (after UpsertProduct, AdjustStock, CreateOrder, CancelOrder, expiry). */
  public final LongAdder writeThroughs = new LongAdder();
  /** Redis commands or round trips that failed, timed out or were refused by the open breaker. */
  public final LongAdder redisErrors = new LongAdder();
  /** Reads answered from PostgreSQL because Redis could not be used. */
  public final LongAdder fallbacks = new LongAdder();
  /** Redis up or down, logged once per transition. */
  public final DependencyState redis =
      new DependencyState("Redis", "product reads are served from PostgreSQL until it is back");
  /** Times the Redis client was closed and made again because Redis stopped answering (timeouts in a row). */
  public final LongAdder redisRenewals = new LongAdder();
  /** Product ids whose write-through waits for Redis to come back (a gauge: rises and falls). */
  public final LongAdder pendingWrites = new LongAdder();
  /** Write-throughs dropped because the pending queue was full; those entries live until their TTL. */
  public final LongAdder droppedWrites = new LongAdder();
  /** Entries that could not be decoded (another format version); treated as misses. */
  public final LongAdder undecodable = new LongAdder();
  /** Reads answered by the in-process near-cache (L1). */
  public final LongAdder l1Hits = new LongAdder();
  /** Reads the near-cache could not answer while it was live (then Redis was asked). */
  public final LongAdder l1Misses = new LongAdder();
  /** Near-cache entries evicted for size or age. */
  public final LongAdder l1Evictions = new LongAdder();
  /** Times the announcement stream was subscribed again after it was lost (the near-cache was dropped each time). */
  public final LongAdder l1Resubscriptions = new LongAdder();
  /** Instances holding a Redis connection (a level). */
  public final LongAdder redisConnections = new LongAdder();
  /** Instances whose circuit breaker is open (a level). */
  public final LongAdder breakersOpen = new LongAdder();
  /** Instances whose circuit breaker is half-open, letting one probe through (a level). */
  public final LongAdder breakersHalfOpen = new LongAdder();
}
