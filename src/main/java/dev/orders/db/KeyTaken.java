package dev.orders.db;

/**
 * Signals inside a transaction that an idempotency key is taken (by an earlier call or a racing
 * retry); the transaction rolls back and the caller replays what the key's owner stored.
 */
public final class KeyTaken extends RuntimeException {

  public KeyTaken() {
    super("idempotency key taken", null, false, false);
  }
}
