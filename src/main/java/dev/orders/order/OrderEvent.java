package dev.orders.order;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One change of an order, as recorded in {@code order_events} in the transaction of the change.
 *
 * @param sequence grows with every event of every order
 * @param status the order's status after the event
 * @param reason why a CANCELLED event happened; empty for the others
 * @param actor who made the change: the subject of the caller's token; empty for expiry
 */
public record OrderEvent(
    long sequence, Type type, OrderStatus status, Optional<CancelReason> reason, String actor, Instant at) {

  public enum Type { CREATED, STATUS_CHANGED, CANCELLED }

  /** Who cancelled: a CancelOrder call, or the pending timeout. Stored in lower case. */
  public enum CancelReason {
    CALLER, EXPIRED;

    /** As stored and as the API names it: "caller", "expired". */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static CancelReason fromStored(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
