package dev.orders.config;

import java.time.Duration;

/**
 * How the service bounds its waits and its load when a dependency fails or callers send too much
 * (see docs/operations.md, "Under failure").
 *
 * @param defaultDeadline the deadline of a call whose caller sent none (no grpc-timeout): a hung
 *     database then costs the call this long, not the kernel's TCP timeout
 * @param maxInFlight calls the whole process works on at once; past it a call is answered
 *     RESOURCE_EXHAUSTED at once, before any work
 * @param pgIdleTimeout a pooled PostgreSQL connection unused this long is closed (and made again
 *     on demand)
 * @param pgMaxLifetime a pooled PostgreSQL connection is closed when it is next idle after this
 *     long, so connections follow a failover or a DNS change
 * @param redisConnectTimeout longest a Redis connect may take, handshake included
 */
public record ResilienceConfig(
    Duration defaultDeadline, int maxInFlight, Duration pgIdleTimeout, Duration pgMaxLifetime,
    Duration redisConnectTimeout) {}
