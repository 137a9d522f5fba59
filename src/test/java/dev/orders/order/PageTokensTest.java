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

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final PageTokens tokens = new PageTokens(KEY);
  private final PageCursor cursor = new PageCursor(Instant.parse("2026-03-01T10:15:30.123456Z"), "ord_01ABC");

  @Test
  void encodeDecode_roundTripsCursorWithMicroseconds() {
    String token = tokens.encode("usr_1", Optional.of(OrderStatus.SHIPPED), cursor);
    assertEquals(cursor, tokens.decode(token, "usr_1", Optional.of(OrderStatus.SHIPPED)));
    assertTrue(token.matches("[A-Za-z0-9_-]+"), "URL-safe");
  }

  @Test
  void decode_tokenOfAnotherQuery_isRejected() {
    String token = tokens.encode("usr_1", Optional.empty(), cursor);
    assertRejected(() -> tokens.decode(token, "usr_2", Optional.empty()));
    assertRejected(() -> tokens.decode(token, "usr_1", Optional.of(OrderStatus.PENDING)));
  }

  @Test
  void decode_truncatedOrPaddedToken_isRejected() {
    String token = tokens.encode("usr_1", Optional.empty(), cursor);
    assertRejected(() -> tokens.decode(token.substring(0, token.length() - 4), "usr_1", Optional.empty()));
    assertRejected(() -> tokens.decode(token + "AAAA", "usr_1", Optional.empty()));
    assertRejected(() -> tokens.decode("%%%", "usr_1", Optional.empty()));
  }

  @Test
  void decode_emptyGarbageOrNonBase64Token_isRejected() {
    for (String bad : new String[] {"", "A", "garbage", "not base64!", "ab\u0000cd", "////"}) {
      assertRejected(() -> tokens.decode(bad, "usr_1", Optional.empty()));
    }
  }

  @Test
  void decode_everyTruncation_isRejected() {
    String token = tokens.encode("usr_1", Optional.of(OrderStatus.PENDING), cursor);
    for (int length = 0; length < token.length(); length++) {
      String cut = token.substring(0, length);
      assertRejected(() -> tokens.decode(cut, "usr_1", Optional.of(OrderStatus.PENDING)));
    }
  }

  @Test
  void decode_unknownVersion_isRejected() {
    byte[] raw = Base64.getUrlDecoder().decode(tokens.encode("usr_1", Optional.empty(), cursor));
    raw[0] = 3;
    String future = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertRejected(() -> tokens.decode(future, "usr_1", Optional.empty()));
  }

  @Test
  void decode_statusFilterAddedOrDropped_isRejected() {
    String unfiltered = tokens.encode("usr_1", Optional.empty(), cursor);
    String filtered = tokens.encode("usr_1", Optional.of(OrderStatus.CANCELLED), cursor);
    assertRejected(() -> tokens.decode(unfiltered, "usr_1", Optional.of(OrderStatus.CANCELLED)));
    assertRejected(() -> tokens.decode(filtered, "usr_1", Optional.empty()));
  }

  @Test
  void decode_userIdThatIsAPrefixOfTheTokensUser_isRejected() {
    String token = tokens.encode("usr_12", Optional.empty(), cursor);
    assertRejected(() -> tokens.decode(token, "usr_1", Optional.empty()));
  }

  @Test
  void encodeDecode_roundTripsEpochAndFarFutureCursors() {
    for (Instant at : new Instant[] {Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999Z")}) {
      PageCursor c = new PageCursor(at, "ord_x");
      assertEquals(c, tokens.decode(tokens.encode("usr_1", Optional.empty(), c), "usr_1", Optional.empty()));
    }
  }

  @Test
  void decode_tokenSignedWithAnotherKey_isRejected() {
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;
    String forged = new PageTokens(otherKey).encode("usr_1", Optional.empty(), cursor);
    assertRejected(() -> tokens.decode(forged, "usr_1", Optional.empty()));
  }

  @Test
  void decode_anyChangedByte_isRejected() {
    byte[] raw = Base64.getUrlDecoder().decode(tokens.encode("usr_1", Optional.empty(), cursor));
    for (int i = 0; i < raw.length; i++) {
      byte[] altered = raw.clone();
      altered[i] ^= 0x01;
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertRejected(() -> tokens.decode(token, "usr_1", Optional.empty()));
    }
  }

  @Test
  void decode_tokenFromAnotherInstanceWithTheSameKey_isAccepted() {
    String token = new PageTokens(KEY.clone()).encode("usr_1", Optional.empty(), cursor);
    assertEquals(cursor, tokens.decode(token, "usr_1", Optional.empty()));
  }

  private static void assertRejected(org.junit.jupiter.api.function.Executable decode) {
    DomainException e = assertThrows(DomainException.class, decode);
    assertEquals(DomainException.Kind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().contains("page_token"), e.getMessage());
  }
}
