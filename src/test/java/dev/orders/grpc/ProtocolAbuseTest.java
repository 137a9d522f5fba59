package dev.orders.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.testsupport.RawHttp2;
import dev.orders.testsupport.RawHttp2.Outcome;
import dev.orders.testsupport.TestServer;
import io.vertx.grpc.common.GrpcStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Traffic no real client sends, written frame by frame over a plain socket. Each abuse is refused
 * (reset, GOAWAY, closed connection) or answered with a status, never left hanging, and the server
 * keeps serving: after each one a well-formed call on a new connection succeeds.
 */
class ProtocolAbuseTest {

  private static final String GET_PRODUCT = "/" + ProductServiceGrpcClient.GetProduct.fullMethodName();
  private static final byte[] MESSAGE = GetProductRequest.newBuilder().setId("prd_none").build().toByteArray();

  private final TestServer server = TestServer.shared();

  @AfterEach
  void serverStillServesANewConnection() {
    var reply = server.callAndWait(ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId("prd_none").build());
    assertEquals(GrpcStatus.NOT_FOUND, reply.status(), reply.toString());
  }

  @Test
  void garbageBytesInsteadOfThePreface_closeTheConnection() throws IOException {
    try (RawHttp2 h2 = RawHttp2.connect(port(), true)) {
      byte[] garbage = new byte[4096];
      new Random(7).nextBytes(garbage);
      h2.raw(garbage);
      Outcome outcome = h2.awaitEnd(1);
      assertTrue(outcome.kind().equals("closed") || outcome.kind().equals("goaway"), outcome.toString());
    }
  }

  @Test
  void frameCutInsideItsLengthPrefix_isInvalidArgument() throws IOException {
    assertInvalidArgument(call(new byte[] {0, 0, 0}));
  }

  @Test
  void lengthPrefixLargerThanTheBody_isInvalidArgument() throws IOException {
    assertInvalidArgument(call(frame(0, 1000, MESSAGE)));
  }

  @Test
  void emptyBody_isInvalidArgument() throws IOException {
    assertInvalidArgument(call(new byte[0]));
  }

  /**
   * vertx-grpc 5.0.7 (and its main branch) throws "Handle me" from its deframer on this frame and
   * never ends the call itself; the server answers it from the exception it reports, long before
   * the 30 s deadline the caller sent.
   */
  @Test
  void compressedFlagWithoutGrpcEncoding_isInvalidArgument() throws IOException {
    try (RawHttp2 h2 = RawHttp2.connect(port(), false)) {
      h2.headers(1, grpcHeaders(GET_PRODUCT, "grpc-timeout", "30S"), false);
      h2.data(1, frame(1, MESSAGE.length, MESSAGE), true);
      Outcome outcome = h2.awaitEnd(1);
      assertEquals(String.valueOf(GrpcStatus.INVALID_ARGUMENT.code), outcome.grpcStatus(), outcome.toString());
    }
  }

  @Test
  void unknownMethod_isUnimplemented() throws IOException {
    try (RawHttp2 h2 = RawHttp2.connect(port(), false)) {
      h2.headers(1, grpcHeaders("/orders.v1.Nope/Nothing"), false);
      h2.data(1, frame(0, MESSAGE.length, MESSAGE), true);
      Outcome outcome = h2.awaitEnd(1);
      assertEquals(String.valueOf(GrpcStatus.UNIMPLEMENTED.code), outcome.grpcStatus(), outcome.toString());
    }
  }

  @Test
  void oneHugeHeader_isRefused() throws IOException {
    assertRefused(grpcHeaders(GET_PRODUCT, "x-huge", "h".repeat(64 * 1024)));
  }

  @Test
  void manyHeaders_areRefused() throws IOException {
    String[] pairs = new String[2 * 2000];
    for (int i = 0; i < 2000; i++) {
      pairs[2 * i] = "x-h" + i;
      pairs[2 * i + 1] = "value-" + i;
    }
    assertRefused(grpcHeaders(GET_PRODUCT, pairs));
  }

  @Test
  void burstOfStreamsOpenedAndReset_leavesTheServerServing() throws IOException {
    try (RawHttp2 h2 = RawHttp2.connect(port(), false)) {
      for (int stream = 1; stream < 2 * 2000; stream += 2) {
        h2.headers(stream, grpcHeaders(GET_PRODUCT), false);
        h2.reset(stream);
      }
    } catch (IOException closedByServer) {
      // the server may end the connection mid-burst (rapid-reset protection): that is a refusal
    }
  }

  /** A gRPC call's headers with a valid token, so what is tested is what comes after admission. */
  private io.netty.handler.codec.http2.Http2Headers grpcHeaders(String path, String... extra) {
    return RawHttp2.grpcHeaders(path, extra).add("authorization", "Bearer " + server.token("usr_raw", false));
  }

  private int port() {
    return server.config.grpcPort();
  }

  private Outcome call(byte[] body) throws IOException {
    try (RawHttp2 h2 = RawHttp2.connect(port(), false)) {
      h2.headers(1, grpcHeaders(GET_PRODUCT), false);
      h2.data(1, body, true);
      return h2.awaitEnd(1);
    }
  }

  private void assertRefused(io.netty.handler.codec.http2.Http2Headers headers) throws IOException {
    try (RawHttp2 h2 = RawHttp2.connect(port(), false)) {
      Outcome outcome;
      try {
        h2.headers(1, headers, false);
        h2.data(1, frame(0, MESSAGE.length, MESSAGE), true);
        outcome = h2.awaitEnd(1);
      } catch (java.net.SocketException closedWhileWriting) {
        outcome = new Outcome("closed", null, null); // the server hung up before taking it all
      }
      assertTrue(outcome.answeredOrRefused(), outcome.toString());
      assertNotEquals("0", outcome.grpcStatus(), "an oversized header list must not be served: " + outcome);
    }
  }

  private static void assertInvalidArgument(Outcome outcome) {
    assertEquals(String.valueOf(GrpcStatus.INVALID_ARGUMENT.code), outcome.grpcStatus(), outcome.toString());
  }

  /** A gRPC message frame with the given compressed flag and declared length, whatever the payload. */
  private static byte[] frame(int compressed, int declaredLength, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).put((byte) compressed).putInt(declaredLength).put(payload).array();
  }
}
