package dev.orders.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.perf.BearerClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * HS256 bearer tokens on the shared server (ORDERS_AUTH_CLOCK_SKEW_SECONDS default 30): every refusal is
 * UNAUTHENTICATED with a short reason that never echoes the token; health and reflection need none.
 */
class AuthenticationTest {

  private final TestServer server = TestServer.shared();

  static final ServiceMethod<Buffer, Buffer> REFLECTION = ServiceMethod.client(
      ServiceName.create("grpc.reflection.v1", "ServerReflection"), "ServerReflectionInfo",
      GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  static final ServiceMethod<Buffer, Buffer> HEALTH = ServiceMethod.client(
      ServiceName.create("grpc.health.v1", "Health"), "Check", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  /** ServerReflectionRequest{list_services: ""}: field 7, length 0. */
  static final Buffer LIST_SERVICES = Buffer.buffer(new byte[] {0x3a, 0x00});

  @Test
  void noToken_isUnauthenticated_sayingWhatToSend() {
    Reply<Product> reply = getProduct(server.anonymous());
    assertEquals(GrpcStatus.UNAUTHENTICATED, reply.status(), reply.toString());
    assertTrue(reply.message().contains("missing bearer token"), reply.message());
  }

  @Test
  void validUserToken_readsProducts() {
    Reply<Product> reply = getProduct(server.as("usr_reader", false));
    assertEquals(GrpcStatus.NOT_FOUND, reply.status(), "past the gate, the product simply does not exist: " + reply);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "expired an hour ago        | -3600 |       | " + TestServer.SECRET + " | token expired",
      "not valid for an hour      | 7200  | 3600  | " + TestServer.SECRET + " | token not yet valid",
      "signed with another secret | 3600  |       | another-secret-of-thirty-two-bytes!!! | bad token signature"})
  void refusedToken_isUnauthenticated_withTheReason_neverTheToken(String name, long expIn, Long nbfIn, String secret,
      String reason) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", "usr_1").put("exp", now + expIn);
    if (nbfIn != null) {
      claims.put("nbf", now + nbfIn);
    }
    String token = hs256(secret, claims);
    Reply<Product> reply = getProduct(new BearerClient(server.anonymous(), token));
    assertEquals(GrpcStatus.UNAUTHENTICATED, reply.status(), reply.toString());
    assertTrue(reply.message().startsWith(reason), reply.message());
    assertFalse(reply.message().contains(token.substring(token.lastIndexOf('.') + 1)), "the token is never echoed");
  }

  @Test
  void expiredWithinTheClockSkew_isAccepted() {
    long now = System.currentTimeMillis() / 1000;
    String token = hs256(TestServer.SECRET, new JsonObject().put("sub", "usr_1").put("exp", now - 10).put("nbf", now + 10));
    assertEquals(GrpcStatus.NOT_FOUND, getProduct(new BearerClient(server.anonymous(), token)).status());
  }

  /** The verified-token cache serves a token only while a full check would pass (TokenCacheTest has the rest). */
  @Test
  void tokenAcceptedOnce_isRefusedOnceItExpires() throws InterruptedException {
    long now = System.currentTimeMillis() / 1000;
    long exp = now - 27; // inside the 30 s skew for about 3 s more
    BearerClient client = new BearerClient(server.anonymous(),
        hs256(TestServer.SECRET, new JsonObject().put("sub", "usr_1").put("exp", exp)));
    assertEquals(GrpcStatus.NOT_FOUND, getProduct(client).status(), "accepted within the skew");
    Thread.sleep(Math.max(0, (exp + 30) * 1000 - System.currentTimeMillis() + 100));
    Reply<Product> reply = getProduct(client);
    assertEquals(GrpcStatus.UNAUTHENTICATED, reply.status(), reply.toString());
    assertEquals("token expired", reply.message());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not a JWT           | Bearer not-a-jwt            | malformed token",
      "unsigned (alg none) | Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c3JfMSJ9. | unsigned token",
      "not Bearer          | Basic dXNyXzE6cGFzcw==      | authorization metadata must be 'Bearer <jwt>'"})
  void malformedAuthorization_isUnauthenticated(String name, String authorization, String reason) {
    GrpcClient raw = server.anonymous();
    Reply<Product> reply = TestServer.await(raw.request(server.address(), ProductServiceGrpcClient.GetProduct)
        .compose(req -> {
          req.headers().set("authorization", authorization);
          req.end(GetProductRequest.newBuilder().setId("prd_x").build());
          return req.response().compose(resp -> resp.end().otherwiseEmpty()
              .map(v -> new Reply<Product>(resp.status(), resp.statusMessage(), null)));
        }));
    assertEquals(GrpcStatus.UNAUTHENTICATED, reply.status(), reply.toString());
    assertTrue(reply.message().startsWith(reason), reply.message());
  }

  @Test
  void tokenWithoutExp_isRefused() {
    String token = hs256(TestServer.SECRET, new JsonObject().put("sub", "usr_1"));
    Reply<Product> reply = getProduct(new BearerClient(server.anonymous(), token));
    assertEquals(GrpcStatus.UNAUTHENTICATED, reply.status());
    assertEquals("token has no exp", reply.message());
  }

  @Test
  void reflectionAndHealth_needNoToken() {
    Reply<Buffer> reflection = TestServer.await(TestServer.call(server.anonymous(), server.address(), REFLECTION, LIST_SERVICES));
    assertEquals(GrpcStatus.OK, reflection.status(), reflection.toString());
    assertTrue(reflection.body().toString().contains("orders.v1.OrderService"), "reflection lists the services");
    Reply<Buffer> health = TestServer.await(TestServer.call(server.anonymous(), server.address(), HEALTH, Buffer.buffer()));
    assertNotEquals(GrpcStatus.UNAUTHENTICATED, health.status(), health.toString());
  }

  private Reply<Product> getProduct(GrpcClient client) {
    return TestServer.await(TestServer.call(client, server.address(), ProductServiceGrpcClient.GetProduct,
        GetProductRequest.newBuilder().setId("prd_nobody_has").build()));
  }

  /** A token with exactly these claims (no iat added), signed in the test. */
  static String hs256(String secret, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(null, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }
}
