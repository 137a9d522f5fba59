package dev.orders.grpc;

import dev.orders.error.DomainException;

/**
 * Input checks at the edge; every message names the offending field. No string reaches PostgreSQL
 * with a NUL (which it cannot store) or another control character.
 */
final class Validate {

  static final int MAX_ID_LENGTH = 64;
  static final int MAX_LINES = 100;
  static final int MAX_QUANTITY = 10_000;
  static final int MAX_BATCH = 1000;
  static final int MAX_PAGE_SIZE = 100;
  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_TEXT_LENGTH = 4096;

  private Validate() {}

  static String id(String field, String value) {
    if (value.isEmpty()) {
      throw DomainException.invalid(field + " is required");
    }
    if (value.length() > MAX_ID_LENGTH) {
      throw DomainException.invalid(field + " is longer than " + MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i)) || Character.isWhitespace(value.charAt(i))) {
        throw DomainException.invalid(field + " must not contain whitespace or control characters");
      }
    }
    return value;
  }

  static String text(String field, String value, int maxLength, boolean required) {
    if (required && value.isBlank()) {
      throw DomainException.invalid(field + " is required");
    }
    if (value.length() > maxLength) {
      throw DomainException.invalid(field + " is longer than " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        throw DomainException.invalid(field + " must not contain control characters such as NUL (only tab and line breaks)");
      }
    }
    return value;
  }

  static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw DomainException.invalid(field + " must be between " + min + " and " + max + " (got " + value + ")");
    }
    return value;
  }

  static int pageSize(int requested) {
    if (requested == 0) {
      return DEFAULT_PAGE_SIZE;
    }
    return range("page_size", requested, 1, MAX_PAGE_SIZE);
  }
}
