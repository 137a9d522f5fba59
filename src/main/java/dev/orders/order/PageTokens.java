package dev.orders.order;

import dev.orders.error.DomainException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque ListOrders page tokens. A token carries the keyset cursor and the query it belongs
 * to (user and status filter), so a token from another user's or another filter's listing is
 * rejected instead of silently returning a wrong page.
 */
public final class PageTokens {

  private static final byte VERSION = 1;
  private static final String FIELD = "page_token";

  private PageTokens() {}

  public static String encode(String userId, Optional<OrderStatus> status, PageCursor cursor) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(userId);
      out.writeUTF(status.map(Enum::name).orElse(""));
      out.writeLong(cursor.createdAt().getEpochSecond());
      out.writeInt(cursor.createdAt().getNano());
      out.writeUTF(cursor.orderId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  /** Decodes a token for this exact query; INVALID_ARGUMENT naming page_token otherwise. */
  public static PageCursor decode(String token, String userId, Optional<OrderStatus> status) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(FIELD + " is malformed");
    }
    try (var in = new DataInputStream(new ByteArrayInputStream(raw))) {
      if (in.readByte() != VERSION) {
        throw DomainException.invalid(FIELD + " is malformed (unknown version)");
      }
      String tokenUser = in.readUTF();
      String tokenStatus = in.readUTF();
      Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
      String orderId = in.readUTF();
      if (in.available() != 0) {
        throw DomainException.invalid(FIELD + " is malformed (trailing bytes)");
      }
      if (!tokenUser.equals(userId) || !tokenStatus.equals(status.map(Enum::name).orElse(""))) {
        throw DomainException.invalid(FIELD + " belongs to another query (user_id and status must match the first page)");
      }
      return new PageCursor(createdAt, orderId);
    } catch (IOException | java.time.DateTimeException e) {
      throw DomainException.invalid(FIELD + " is malformed");
    }
  }
}
