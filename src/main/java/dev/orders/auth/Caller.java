package dev.orders.auth;

/**
 * Who makes a call, as the service needs to know it: the user ({@code sub} of the token) and
 * whether that user holds the admin role. No token types leak past this record.
 */
public record Caller(String subject, boolean admin) {

  /** With ORDERS_AUTH=disabled every call acts as this caller: it may do everything, as before auth existed. */
  public static final Caller ANONYMOUS_ADMIN = new Caller("anonymous", true);

  /** May this caller see and change what belongs to {@code userId}? */
  public boolean mayActFor(String userId) {
    return admin || subject.equals(userId);
  }
}
