package dev.orders.product;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * The protobuf form of a product — the API message — and the cache's value format built on it.
 * The one place besides the gRPC edge that uses the generated API: cached values are those
 * messages' bytes, and the product package cannot depend on the edge.
 *
 * <p>Cache values are {@code 'P', version, protobuf bytes}: compact, fast to parse, and protobuf
 * tolerates added fields, so a newer writer does not break an older reader. A value with an
 * unknown tag or version is undecodable (a miss), never an error. {@code 'N'} marks a product
 * known not to exist; {@code 'T' + epoch millis} a key invalidated at that time (see
 * {@code ProductCache}).
 */
public final class ProductCodec {

  /** What a value stored in Redis says. */
  sealed interface Stored {
    record Found(Product product) implements Stored {}

    record Absent() implements Stored {}

    /** Invalidated at {@code invalidatedAt} (epoch millis); no fill may replace it until it expires. */
    record Tombstone(long invalidatedAt) implements Stored {}

    /** Another format or version (or garbage): to be treated as a miss. */
    record Undecodable() implements Stored {}
  }

  private static final byte PRODUCT = 'P';
  // 2: products carry their version; a version-1 entry (without one) is undecodable, a miss
  private static final byte FORMAT_VERSION = 2;
  private static final byte ABSENT = 'N';
  private static final byte TOMBSTONE = 'T';
  private static final int TOMBSTONE_LENGTH = 1 + Long.BYTES;

  private ProductCodec() {}

  public static dev.orders.api.v1.Product toProto(Product p) {
    return dev.orders.api.v1.Product.newBuilder()
        .setId(p.id())
        .setName(p.name())
        .setDescription(p.description())
        .setPriceCents(p.priceCents())
        .setCurrency(p.currency())
        .setStock(p.stock())
        .setUpdatedAt(timestamp(p.updatedAt()))
        .setVersion(p.version())
        .build();
  }

  /** The one Instant → protobuf Timestamp mapping (the gRPC edge uses it for orders too). */
  public static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static Buffer encode(Product p) {
    return Buffer.buffer(2 + 64).appendByte(PRODUCT).appendByte(FORMAT_VERSION).appendBytes(toProto(p).toByteArray());
  }

  static Buffer absent() {
    return Buffer.buffer(new byte[] {ABSENT});
  }

  static Buffer tombstone(long epochMillis) {
    return Buffer.buffer(TOMBSTONE_LENGTH).appendByte(TOMBSTONE).appendLong(epochMillis);
  }

  /** What a non-null stored value is. */
  static Stored decode(Buffer value) {
    if (value.length() == 0) {
      return new Stored.Undecodable();
    }
    return switch (value.getByte(0)) {
      case ABSENT -> new Stored.Absent();
      case TOMBSTONE -> value.length() == TOMBSTONE_LENGTH
          ? new Stored.Tombstone(value.getLong(1)) : new Stored.Undecodable();
      case PRODUCT -> decodeProduct(value);
      default -> new Stored.Undecodable();
    };
  }

  private static Stored decodeProduct(Buffer value) {
    if (value.length() < 2 || value.getByte(1) != FORMAT_VERSION) {
      return new Stored.Undecodable();
    }
    try {
      return new Stored.Found(fromProto(dev.orders.api.v1.Product.parseFrom(value.getBytes(2, value.length()))));
    } catch (InvalidProtocolBufferException e) {
      return new Stored.Undecodable();
    }
  }

  private static Product fromProto(dev.orders.api.v1.Product p) {
    Instant updatedAt = Instant.ofEpochSecond(p.getUpdatedAt().getSeconds(), p.getUpdatedAt().getNanos());
    return new Product(p.getId(), p.getName(), p.getDescription(), p.getPriceCents(), p.getCurrency(), p.getStock(),
        updatedAt, p.getVersion());
  }
}
