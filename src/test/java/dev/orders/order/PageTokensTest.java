package dev.orders.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.error.DomainException;
import java.time.Instant;
import java.util.Base64;
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

  @Test
  void decode_emptyGarbageOrNonBase64Token_isRejected() {
    for (String bad : new String[] {"", "A", "garbage", "not base64!", "ab\u0000cd", "////"}) {
      assertRejected(() -> PageTokens.decode(bad, "usr_1", Optional.empty()));
    }
  }

  @Test
  void decode_everyTruncation_isRejected() {
    String token = PageTokens.encode("usr_1", Optional.of(OrderStatus.PENDING), cursor);
    for (int length = 0; length < token.length(); length++) {
      String cut = token.substring(0, length);
      assertRejected(() -> PageTokens.decode(cut, "usr_1", Optional.of(OrderStatus.PENDING)));
    }
  }

  @Test
  void decode_unknownVersion_isRejected() {
    byte[] raw = Base64.getUrlDecoder().decode(PageTokens.encode("usr_1", Optional.empty(), cursor));
    raw[0] = 2;
    String future = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertRejected(() -> PageTokens.decode(future, "usr_1", Optional.empty()));
  }

  @Test
  void decode_statusFilterAddedOrDropped_isRejected() {
    String unfiltered = PageTokens.encode("usr_1", Optional.empty(), cursor);
    String filtered = PageTokens.encode("usr_1", Optional.of(OrderStatus.CANCELLED), cursor);
    assertRejected(() -> PageTokens.decode(unfiltered, "usr_1", Optional.of(OrderStatus.CANCELLED)));
    assertRejected(() -> PageTokens.decode(filtered, "usr_1", Optional.empty()));
  }

  @Test
  void decode_userIdThatIsAPrefixOfTheTokensUser_isRejected() {
    String token = PageTokens.encode("usr_12", Optional.empty(), cursor);
    assertRejected(() -> PageTokens.decode(token, "usr_1", Optional.empty()));
  }

  @Test
  void encodeDecode_roundTripsEpochAndFarFutureCursors() {
    for (Instant at : new Instant[] {Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999Z")}) {
      PageCursor c = new PageCursor(at, "ord_x");
      assertEquals(c, PageTokens.decode(PageTokens.encode("usr_1", Optional.empty(), c), "usr_1", Optional.empty()));
    }
  }

  private static void assertRejected(org.junit.jupiter.api.function.Executable decode) {
    DomainException e = assertThrows(DomainException.class, decode);
    assertEquals(DomainException.Kind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().contains("page_token"), e.getMessage());
  }
}
