package dev.orders.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 (h2c, prior knowledge) written frame by frame over a plain socket, so a test can send
 * what no well-behaved client would: Netty's HPACK coder for header blocks, nothing else.
 */
public final class RawHttp2 implements AutoCloseable {

  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS = 4;
  private static final int GOAWAY = 7;
  private static final int CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int MAX_FRAME = 16_384;

  /** How a stream ended as the client saw it: a gRPC status, an HTTP status, a reset, or the connection going away. */
  public record Outcome(String kind, String grpcStatus, String httpStatus) {
    public boolean answeredOrRefused() {
      return !kind.equals("timeout");
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  // no header list limit on our side: sending more than the server allows is the point
  private final DefaultHttp2HeadersEncoder encoder =
      new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true);
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

  private RawHttp2(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects and sends the preface and empty SETTINGS; {@code raw} leaves the connection untouched. */
  public static RawHttp2 connect(int port, boolean raw) throws IOException {
    RawHttp2 h2 = new RawHttp2(new Socket("127.0.0.1", port));
    h2.socket.setSoTimeout(5_000);
    if (!raw) {
      h2.out.write(PREFACE);
      h2.frame(SETTINGS, 0, 0, new byte[0]);
    }
    return h2;
  }

  /** Request headers of a gRPC call to {@code path}, plus {@code extra} name/value pairs. */
  public static Http2Headers grpcHeaders(String path, String... extra) {
    Http2Headers h = new DefaultHttp2Headers().method("POST").scheme("http").authority("127.0.0.1").path(path)
        .add("content-type", "application/grpc").add("te", "trailers");
    for (int i = 0; i < extra.length; i += 2) {
      h.add(extra[i], extra[i + 1]);
    }
    return h;
  }

  public void headers(int streamId, Http2Headers headers, boolean endStream) throws IOException {
    ByteBuf block = Unpooled.buffer();
    try {
      encoder.encodeHeaders(streamId, headers, block);
    } catch (Http2Exception e) {
      throw new IOException(e);
    }
    byte[] bytes = new byte[block.readableBytes()];
    block.readBytes(bytes);
    int first = Math.min(bytes.length, MAX_FRAME);
    boolean single = first == bytes.length;
    frame(HEADERS, (single ? END_HEADERS : 0) | (endStream ? END_STREAM : 0), streamId,
        java.util.Arrays.copyOfRange(bytes, 0, first));
    for (int at = first; at < bytes.length; at += MAX_FRAME) {
      int end = Math.min(bytes.length, at + MAX_FRAME);
      frame(CONTINUATION, end == bytes.length ? END_HEADERS : 0, streamId, java.util.Arrays.copyOfRange(bytes, at, end));
    }
  }

  public void data(int streamId, byte[] payload, boolean endStream) throws IOException {
    frame(DATA, endStream ? END_STREAM : 0, streamId, payload);
  }

  public void reset(int streamId) throws IOException {
    frame(RST_STREAM, 0, streamId, new byte[] {0, 0, 0, 8}); // CANCEL
  }

  /** Bytes as they are, no framing. */
  public void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads until {@code streamId} ends (or the connection does); "timeout" if nothing came. */
  public Outcome awaitEnd(int streamId) throws IOException {
    String httpStatus = null;
    try {
      while (true) {
        int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = in.readNBytes(length);
        if (type == SETTINGS && (flags & 0x1) == 0) {
          frame(SETTINGS, 0x1, 0, new byte[0]);
        } else if (type == GOAWAY) {
          return new Outcome("goaway", null, httpStatus);
        } else if (stream == streamId && type == RST_STREAM) {
          return new Outcome("reset", null, httpStatus);
        } else if (stream == streamId && type == HEADERS) {
          Http2Headers h = decoder.decodeHeaders(streamId, Unpooled.wrappedBuffer(headerBlock(flags, payload)));
          httpStatus = h.status() == null ? httpStatus : h.status().toString();
          CharSequence grpc = h.get("grpc-status");
          if (grpc != null || (flags & END_STREAM) != 0) {
            return new Outcome("status", grpc == null ? null : grpc.toString(), httpStatus);
          }
        } else if (stream == streamId && type == DATA && (flags & END_STREAM) != 0) {
          return new Outcome("status", null, httpStatus);
        }
      }
    } catch (EOFException | java.net.SocketException e) {
      return new Outcome("closed", null, httpStatus);
    } catch (SocketTimeoutException e) {
      return new Outcome("timeout", null, httpStatus);
    } catch (Http2Exception e) {
      throw new IOException(e);
    }
  }

  /** The HPACK block of a HEADERS frame, without its padding and priority fields. */
  private static byte[] headerBlock(int flags, byte[] payload) {
    int start = ((flags & 0x8) != 0 ? 1 : 0) + ((flags & 0x20) != 0 ? 5 : 0);
    int padding = (flags & 0x8) != 0 ? payload[0] & 0xff : 0;
    return java.util.Arrays.copyOfRange(payload, start, payload.length - padding);
  }

  private void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
    byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
        (byte) type, (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8),
        (byte) streamId};
    out.write(header);
    out.write(payload);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
