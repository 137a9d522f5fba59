package dev.orders.product;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Optional;

/**
 * The protobuf form of a product — the API message — and the cache's value format built on it.
 *
 * <p>Cache values are {@code 'P', version, protobuf bytes}: compact, fast to parse, and protobuf
 * tolerates added fields, so a newer writer does not break an older reader. A value with an
 * unknown tag or version is a miss, never an error. {@code 'N'} marks a product known not to
 * exist; {@code 'T' + epoch millis} a key invalidated at that time (see {@code ProductCache}).
 */
public final class ProductCodec {

  static final byte PRODUCT = 'P';
  static final byte VERSION = 1;
  static final byte ABSENT = 'N';
  static final byte TOMBSTONE = 'T';

  private ProductCodec() {}

  public static dev.orders.api.v1.Product toProto(Product p) {
    return dev.orders.api.v1.Product.newBuilder()
        .setId(p.id())
        .setName(p.name())
        .setDescription(p.description())
        .setPriceCents(p.priceCents())
        .setCurrency(p.currency())
        .setStock(p.stock())
        .setUpdatedAt(Timestamp.newBuilder().setSeconds(p.updatedAt().getEpochSecond()).setNanos(p.updatedAt().getNano()))
        .build();
  }

  static Product fromProto(dev.orders.api.v1.Product p) {
    Instant updatedAt = Instant.ofEpochSecond(p.getUpdatedAt().getSeconds(), p.getUpdatedAt().getNanos());
    return new Product(p.getId(), p.getName(), p.getDescription(), p.getPriceCents(), p.getCurrency(), p.getStock(), updatedAt);
  }

  static Buffer encode(Product p) {
    return Buffer.buffer(2 + 64).appendByte(PRODUCT).appendByte(VERSION).appendBytes(toProto(p).toByteArray());
  }

  static Buffer absent() {
    return Buffer.buffer(new byte[] {ABSENT});
  }

  static Buffer tombstone(long epochMillis) {
    return Buffer.buffer(9).appendByte(TOMBSTONE).appendLong(epochMillis);
  }

  /** The product in a {@code 'P'} value of a version this code reads; empty otherwise. */
  static Optional<Product> decodeProduct(Buffer value) {
    if (value.length() < 2 || value.getByte(0) != PRODUCT || value.getByte(1) != VERSION) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromProto(dev.orders.api.v1.Product.parseFrom(value.getBytes(2, value.length()))));
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty();
    }
  }
}
