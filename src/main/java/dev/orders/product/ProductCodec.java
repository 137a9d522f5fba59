package dev.orders.product;

import com.google.protobuf.Timestamp;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * The protobuf form of a product — the API message — and the cache's value format built on it.
 * The one place besides the gRPC edge that uses the generated API: cached values are those
 * messages' bytes, and the product package cannot depend on the edge.
 *
 * <p>A value is a 10-byte header — a tag ({@code 'P'} a product, {@code 'N'} an id known not to
 * exist), the format byte, the product's version as 8 bytes big-endian (0 for an absent id) —
 * then, for a product, the protobuf {@code orders.v1.Product}. The version sits at a fixed place
 * so the store script ({@link #STORE_SCRIPT}) can compare it without parsing protobuf; the
 * protobuf bytes are kept whole so a batch reply can be assembled from them without decoding.
 * A value of another tag or format (an older release's) is undecodable: a miss, never an error.
 * The protobuf bytes behind a valid header are trusted (only this class writes them): replies are
 * made of them as they are.
 */
public final class ProductCodec {

  /** What a value stored in Redis (or in the near-cache) says. */
  sealed interface Stored {
    /** A product: its bytes are {@link #proto(Buffer)}, its version {@link #version(Buffer)}. */
    record Found() implements Stored {}

    record Absent() implements Stored {}

    /** Another format or version (or garbage): to be treated as a miss. */
    record Undecodable() implements Stored {}
  }

  private static final byte PRODUCT = 'P';
  private static final byte ABSENT = 'N';
  // 3: the version in the header; a value of format 2 (tombstones, no header) is undecodable, a miss
  private static final byte FORMAT = 3;
  private static final int VERSION_AT = 2;
  static final int HEADER = VERSION_AT + Long.BYTES;

  /**
   * Stores ARGV[1] (its version is ARGV[2], its TTL ARGV[3] ms) under KEYS[1] unless the key holds
   * a value of this format with the same or a newer version: an older row never replaces a newer
   * one, whatever the order in which fills and write-throughs arrive. One key per call (Cluster).
   * Answers 1 when stored, 0 when refused.
   */
  static final String STORE_SCRIPT = """
      local cur = redis.call('GET', KEYS[1])
      if cur and string.len(cur) >= %d and string.byte(cur, 2) == %d then
        local v = 0
        for i = %d, %d do v = v * 256 + string.byte(cur, i) end
        if v >= tonumber(ARGV[2]) then return 0 end
      end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
      return 1
      """.formatted(HEADER, FORMAT, VERSION_AT + 1, HEADER);

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
    return header(PRODUCT, p.version()).appendBytes(toProto(p).toByteArray());
  }

  static Buffer absent() {
    return header(ABSENT, 0);
  }

  private static Buffer header(byte tag, long version) {
    return Buffer.buffer(HEADER + 96).appendByte(tag).appendByte(FORMAT).appendLong(version);
  }

  /** The version of a decodable value: a product's, 0 for an absent id. */
  static long version(Buffer value) {
    return value.getLong(VERSION_AT);
  }

  /** The protobuf {@code orders.v1.Product} bytes of a product value, without copying. */
  static Buffer proto(Buffer value) {
    return value.slice(HEADER, value.length());
  }

  /** What a non-null stored value is. */
  static Stored decode(Buffer value) {
    if (value.length() < HEADER || value.getByte(1) != FORMAT) {
      return new Stored.Undecodable();
    }
    return switch (value.getByte(0)) {
      case ABSENT -> new Stored.Absent();
      case PRODUCT -> new Stored.Found();
      default -> new Stored.Undecodable();
    };
  }
}
