package dev.orders.grpc;

import dev.orders.auth.Caller;
import dev.orders.error.DomainException;

/**
 * The edge's authorization rules that need no data: whose orders a request names, and which RPCs are
 * for admins. Whether an existing order belongs to the caller is the order service's question.
 */
final class Access {

  private Access() {}

  /**
   * The user a request acts for: empty means the caller; another user is PERMISSION_DENIED
   * unless the caller is an admin.
   */
  static String userFor(Caller caller, String field, String requested) {
    if (requested.isEmpty()) {
      return caller.subject();
    }
    String userId = Validate.id(field, requested);
    if (!caller.mayActFor(userId)) {
      throw DomainException.denied(field + " " + userId + " is not the caller (" + caller.subject()
          + "); only an admin acts for another user");
    }
    return userId;
  }

  static void requireAdmin(Caller caller, String rpc) {
    if (!caller.admin()) {
      throw DomainException.denied(rpc + " needs the admin role");
    }
  }
}
