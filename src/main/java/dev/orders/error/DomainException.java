package dev.orders.error;

/**
 * A failure the caller can act on, with a message that names the field or cause.
 * The gRPC edge maps each {@link Kind} to one status, in one place ({@code grpc.Statuses}).
 */
public final class DomainException extends RuntimeException {

  public enum Kind { INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS, PERMISSION_DENIED }

  private final Kind kind;

  public DomainException(Kind kind, String message) {
    super(message, null, false, false); // expected outcomes: no stack trace to fill
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static DomainException invalid(String message) {
    return new DomainException(Kind.INVALID_ARGUMENT, message);
  }

  public static DomainException notFound(String message) {
    return new DomainException(Kind.NOT_FOUND, message);
  }

  public static DomainException precondition(String message) {
    return new DomainException(Kind.FAILED_PRECONDITION, message);
  }

  /** The caller is known but may not do this; another user's existing order is NOT_FOUND instead. */
  public static DomainException denied(String message) {
    return new DomainException(Kind.PERMISSION_DENIED, message);
  }

  public static DomainException alreadyExists(String message) {
    return new DomainException(Kind.ALREADY_EXISTS, message);
  }
}
