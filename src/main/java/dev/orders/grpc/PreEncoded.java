package dev.orders.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.product.ProductCatalog.EncodedBatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.WireFormat;
import java.nio.charset.StandardCharsets;

/**
 * Replies whose protobuf bytes exist before the call ends — products as the cache holds them — are
 * written as they are, not parsed into messages and serialized again. A caller that asked for
 * {@code application/grpc+json} gets the message printed as JSON (parsed once for that).
 */
final class PreEncoded {

  /** Wire type 2 (length-delimited) of a field: {@code (field << 3) | 2}, one byte for fields below 16. */
  private static final int LENGTH_DELIMITED = 2;

  private PreEncoded() {}

  /** An encoder of protobuf bytes of the message {@code parser} reads. */
  static <M extends Message> GrpcMessageEncoder<Buffer> encoder(Parser<M> parser) {
    GrpcMessageEncoder<M> json = GrpcMessageEncoder.encoder();
    return new GrpcMessageEncoder<>() {
      @Override
      public GrpcMessage encode(Buffer protobuf, WireFormat format) throws CodecException {
        if (format == WireFormat.PROTOBUF) {
          return GrpcMessage.message("identity", protobuf);
        }
        try {
          return json.encode(parser.parseFrom(protobuf.getBytes()), format);
        } catch (InvalidProtocolBufferException e) {
          throw new CodecException(e);
        }
      }

      @Override
      public boolean accepts(WireFormat format) {
        return json.accepts(format);
      }
    };
  }

  /** BatchGetProductsResponse from the products' bytes: per entry, tag, varint length, bytes. */
  static Buffer batchReply(EncodedBatch batch) {
    Buffer reply = Buffer.buffer(batch.products().size() * 128 + batch.missingIds().size() * 24);
    batch.products().forEach(p -> field(reply, BatchGetProductsResponse.PRODUCTS_FIELD_NUMBER, p));
    batch.missingIds().forEach(id -> field(reply, BatchGetProductsResponse.MISSING_IDS_FIELD_NUMBER,
        Buffer.buffer(id.getBytes(StandardCharsets.UTF_8))));
    return reply;
  }

  private static void field(Buffer out, int number, Buffer bytes) {
    out.appendByte((byte) (number << 3 | LENGTH_DELIMITED));
    for (int length = bytes.length(); ; length >>>= 7) {
      if ((length & ~0x7F) == 0) {
        out.appendByte((byte) length);
        break;
      }
      out.appendByte((byte) (length & 0x7F | 0x80));
    }
    out.appendBuffer(bytes);
  }
}
