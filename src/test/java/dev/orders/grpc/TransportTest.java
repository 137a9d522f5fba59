package dev.orders.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.grpc.common.GrpcStatus;
import java.io.InputStream;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the gRPC port accepts besides gRPC, and the limits it keeps. */
class TransportTest {

  private static final String SHOP = "https://shop.example";

  private final TestServer server = TestServer.shared();
  private static TestServer webServer;

  @BeforeAll
  static void startGrpcWebServer() {
    webServer = TestServer.start("orders_web",
        Map.of("ORDERS_GRPC_WEB", "true", "ORDERS_CORS_ORIGINS", SHOP + ", https://admin.example",
            "ORDERS_IDLE_TIMEOUT_SECONDS", "1"));
  }

  @AfterAll
  static void stopGrpcWebServer() {
    webServer.close();
  }

  @Test
  void plainJsonPost_getsHttp415_overHttp1AndHttp2() {
    for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_1_1, HttpVersion.HTTP_2}) {
      var resp = post(server, version, "application/json", MultiMap.caseInsensitiveMultiMap(),
          Buffer.buffer("{\"id\":\"prd_1\"}"));
      assertEquals(415, resp.status, version.toString());
      assertFalse(resp.body.contains("Exception"), resp.body);
    }
  }

  @Test
  void grpcWeb_isOffByDefault() {
    assertEquals(415, post(server, HttpVersion.HTTP_1_1, "application/grpc-web+proto",
        MultiMap.caseInsensitiveMultiMap(), grpcFrame(getProduct())).status);
  }

  @Test
  void grpcWeb_whenOn_answersWithCorsHeadersForAListedOrigin() {
    var resp = post(webServer, HttpVersion.HTTP_1_1, "application/grpc-web+proto", MultiMap.caseInsensitiveMultiMap()
        .add("origin", SHOP).add("authorization", "Bearer " + webServer.token("usr_web", false)), grpcFrame(getProduct()));
    assertEquals(200, resp.status);
    assertEquals(SHOP, resp.headers.get("access-control-allow-origin"));
    assertTrue(resp.headers.get("access-control-expose-headers").contains("grpc-status"));
    // trailers-only: an answer without a message carries its status in the headers
    assertEquals("5", resp.headers.get("grpc-status"), "NOT_FOUND, the call reached the service");
  }

  @Test
  void grpcWeb_otherOrigin_getsNoCorsHeaders_andItsPreflightIsRefused() {
    var call = post(webServer, HttpVersion.HTTP_1_1, "application/grpc-web+proto",
        MultiMap.caseInsensitiveMultiMap().add("origin", "https://evil.example"), grpcFrame(getProduct()));
    assertNull(call.headers.get("access-control-allow-origin"));
    var preflight = preflight("https://evil.example");
    assertEquals(403, preflight.status);
    assertNull(preflight.headers.get("access-control-allow-origin"));
  }

  @Test
  void grpcWeb_preflightFromAListedOrigin_isAllowed() {
    var preflight = preflight(SHOP);
    assertEquals(204, preflight.status);
    assertEquals(SHOP, preflight.headers.get("access-control-allow-origin"));
    assertTrue(preflight.headers.get("access-control-allow-headers").contains("x-grpc-web"));
  }

  @Test
  void messageOverOneMebibyte_isResourceExhausted_justUnderIsDecoded() {
    var big = BatchGetProductsRequest.newBuilder();
    for (int i = 0; i < 20_000; i++) {
      big.addIds("prd_" + "x".repeat(50) + i);
    }
    assertTrue(big.build().getSerializedSize() > Transport.MAX_MESSAGE_BYTES);
    Reply<?> tooBig = server.callAndWait(ProductServiceGrpcClient.BatchGetProducts, big.build());
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, tooBig.status(), tooBig.toString());

    var underLimit = UpsertProductRequest.newBuilder().setProduct(Product.newBuilder().setId("prd_big")
        .setName("big").setDescription("d".repeat(Transport.MAX_MESSAGE_BYTES - 1024))
        .setPriceCents(1).setCurrency("EUR")).build();
    Reply<?> decoded = server.callAndWait(ProductServiceGrpcClient.UpsertProduct, underLimit);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, decoded.status(), decoded.toString());
    assertTrue(decoded.message().contains("product.description"), decoded.message());
  }

  @Test
  void idleConnection_isClosedAfterTheIdleTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", webServer.config.grpcPort())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();
      assertEquals(-1, in.read(), "the server closes a connection that sends nothing");
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(waitedMs >= 800 && waitedMs < 5_000, "closed after " + waitedMs + " ms");
    }
  }

  private static GetProductRequest getProduct() {
    return GetProductRequest.newBuilder().setId("prd_none").build();
  }

  /** A gRPC length-prefixed frame (also gRPC-Web's data frame). */
  static Buffer grpcFrame(com.google.protobuf.Message message) {
    byte[] bytes = message.toByteArray();
    return Buffer.buffer().appendByte((byte) 0).appendInt(bytes.length).appendBytes(bytes);
  }

  private record HttpReply(int status, MultiMap headers, String body) {}

  private static HttpReply post(TestServer target, HttpVersion version, String contentType, MultiMap headers, Buffer body) {
    return send(target, version, new RequestOptions().setMethod(HttpMethod.POST)
        .setURI("/" + ProductServiceGrpcClient.GetProduct.fullMethodName())
        .setHeaders(headers.add("content-type", contentType).add("x-grpc-web", "1")), body);
  }

  private HttpReply preflight(String origin) {
    return send(webServer, HttpVersion.HTTP_1_1, new RequestOptions().setMethod(HttpMethod.OPTIONS)
        .setURI("/" + ProductServiceGrpcClient.GetProduct.fullMethodName())
        .putHeader("origin", origin).putHeader("access-control-request-method", "POST")
        .putHeader("access-control-request-headers", "content-type,x-grpc-web"), Buffer.buffer());
  }

  private static HttpReply send(TestServer target, HttpVersion version, RequestOptions request, Buffer body) {
    var client = target.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(target.config.grpcPort()));
    try {
      return TestServer.await(client.request(request).compose(req -> req.send(body))
          .compose((HttpClientResponse resp) -> resp.body()
              .map(b -> new HttpReply(resp.statusCode(), resp.headers(), b.toString()))));
    } finally {
      TestServer.await(client.close());
    }
  }
}
