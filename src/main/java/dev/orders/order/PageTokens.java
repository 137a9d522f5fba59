package dev.orders.order;

import dev.orders.error.DomainException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque ListOrders page tokens. A token carries the keyset cursor and the query it belongs
 * to (user and status filter), so a token from another user's or another filter's listing is
 * rejected instead of silently returning a wrong page. An HMAC over that content makes tokens
 * tamper-evident: a caller cannot forge a cursor or move a token to another user. The key comes
 * from the database ({@link OrderRepository#pageTokenKey()}), so a token stays valid on every
 * instance and across restarts.
 */
public final class PageTokens {

  private static final byte VERSION = 2;
  private static final String FIELD = "page_token";
  private static final String ALGORITHM = "HmacSHA256";
  /** 128 bits of a SHA-256 HMAC: forging one is still out of reach, and tokens stay short. */
  private static final int TAG_BYTES = 16;

  private final SecretKeySpec key;

  public PageTokens(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  public String encode(String userId, Optional<OrderStatus> status, PageCursor cursor) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(userId);
      out.writeUTF(status.map(Enum::name).orElse(""));
      out.writeLong(cursor.createdAt().getEpochSecond());
      out.writeInt(cursor.createdAt().getNano());
      out.writeUTF(cursor.orderId());
      out.write(tag(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  /** Decodes a token this service signed for this exact query; INVALID_ARGUMENT naming page_token otherwise. */
  public PageCursor decode(String token, String userId, Optional<OrderStatus> status) {
    byte[] content = verified(token);
    try (var in = new DataInputStream(new ByteArrayInputStream(content))) {
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

  /** The token's content once its tag checks out; nothing of an unsigned token is parsed. */
  private byte[] verified(String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(FIELD + " is malformed");
    }
    if (raw.length <= TAG_BYTES) {
      throw DomainException.invalid(FIELD + " is malformed");
    }
    byte[] content = Arrays.copyOf(raw, raw.length - TAG_BYTES);
    byte[] tag = Arrays.copyOfRange(raw, raw.length - TAG_BYTES, raw.length);
    if (!MessageDigest.isEqual(tag, tag(content))) {
      throw DomainException.invalid(FIELD + " was not issued by this service or was altered");
    }
    return content;
  }

  private byte[] tag(byte[] content) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe, and cheap to make: one per token
      mac.init(key);
      return Arrays.copyOf(mac.doFinal(content), TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
