package dev.orders.grpc;

import io.vertx.core.Future;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** How every RPC of the edge runs: any failure, thrown or returned, leaves as a gRPC status. */
final class Rpcs {

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private Rpcs() {}

  /**
   * Runs {@code work} for the RPC {@code rpc} and answers its failures through {@link Statuses}.
   * Validation errors are thrown synchronously, domain and database failures arrive in the future.
   *
   * @param ids the ids the call is about, as {@code name=value} pairs, for the log of an unexpected failure
   */
  static <T> Future<T> answer(String rpc, String ids, Supplier<Future<T>> work) {
    try {
      return work.get().recover(err -> Future.failedFuture(Statuses.toStatus(err, rpc, ids)));
    } catch (RuntimeException err) {
      return Future.failedFuture(Statuses.toStatus(err, rpc, ids));
    }
  }

  /** {@code name=value} for the log, before validation: cut short and with control characters replaced. */
  static String id(String name, String value) {
    String shown = value.length() > Validate.MAX_ID_LENGTH ? value.substring(0, Validate.MAX_ID_LENGTH) + "..." : value;
    // built on every call, read only when one fails: no regex unless there is something to replace
    return name + "=" + (hasControl(shown) ? CONTROL.matcher(shown).replaceAll("?") : shown);
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
