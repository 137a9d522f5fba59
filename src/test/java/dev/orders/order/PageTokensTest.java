package dev.orders.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.error.DomainException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageTokensTest {

  private final PageCursor cursor = new PageCursor(Instant.parse("2026-03-01T10:15:30.123456Z"), "ord_01ABC");

  @Test
  void encodeDecode_roundTripsCursorWithMicroseconds() {
    String token = PageTokens.encode("usr_1", Optional.of(OrderStatus.SHIPPED), cursor);
    assertEquals(cursor, PageTokens.decode(token, "usr_1", Optional.of(OrderStatus.SHIPPED)));
    assertTrue(token.matches("[A-Za-z0-9_-]+"), "URL-safe");
  }

  @Test
  void decode_tokenOfAnotherQuery_isRejected() {
    String token = PageTokens.encode("usr_1", Optional.empty(), cursor);
    assertRejected(() -> PageTokens.decode(token, "usr_2", Optional.empty()));
    assertRejected(() -> PageTokens.decode(token, "usr_1", Optional.of(OrderStatus.PENDING)));
  }

  @Test
  void decode_truncatedOrPaddedToken_isRejected() {
    String token = PageTokens.encode("usr_1", Optional.empty(), cursor);
    assertRejected(() -> PageTokens.decode(token.substring(0, token.length() - 4), "usr_1", Optional.empty()));
    assertRejected(() -> PageTokens.decode(token + "AAAA", "usr_1", Optional.empty()));
    assertRejected(() -> PageTokens.decode("%%%", "usr_1", Optional.empty()));
  }

  private static void assertRejected(org.junit.jupiter.api.function.Executable decode) {
    DomainException e = assertThrows(DomainException.class, decode);
    assertEquals(DomainException.Kind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().contains("page_token"), e.getMessage());
  }
}
