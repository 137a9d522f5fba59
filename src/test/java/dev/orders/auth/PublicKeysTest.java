package dev.orders.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.perf.BearerClient;
import dev.orders.testsupport.Fixtures;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.grpc.common.GrpcStatus;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that trusts an identity provider's public keys: an RSA and an EC key in one PEM file (a
 * rotation) and another RSA key in a JWK set, with issuer and audience required and reflection off.
 * Key pairs are generated here; tokens are signed here with their private halves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicKeysTest {

  private static final String ISSUER = "https://idp.example.test";
  private static final String AUDIENCE = "orders";

  private TestServer server;
  private KeyPair rsa;
  private KeyPair ec;
  private KeyPair jwksRsa;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    rsa = generate("RSA", null);
    ec = generate("EC", new ECGenParameterSpec("secp256r1"));
    jwksRsa = generate("RSA", null);
    Path pem = Files.writeString(dir.resolve("keys.pem"), pem("PUBLIC KEY", rsa.getPublic().getEncoded())
        + pem("PUBLIC KEY", ec.getPublic().getEncoded()));
    Path jwks = Files.writeString(dir.resolve("jwks.json"), new JsonObject().put("keys", new JsonArray()
        .add(jwk((RSAPublicKey) jwksRsa.getPublic(), "rotated-in"))).encode());
    server = TestServer.start("orders_pubkeys", Map.of(
        "ORDERS_AUTH_PUBLIC_KEYS_FILE", pem.toString(),
        "ORDERS_AUTH_JWKS_FILE", jwks.toString(),
        "ORDERS_AUTH_ISSUER", ISSUER,
        "ORDERS_AUTH_AUDIENCE", AUDIENCE,
        "ORDERS_REFLECTION", "false"));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void rs256_es256_andJwksKeys_areEachAccepted() {
    assertEquals(GrpcStatus.NOT_FOUND, getProduct(sign("RS256", rsa, claims())).status());
    assertEquals(GrpcStatus.NOT_FOUND, getProduct(sign("ES256", ec, claims())).status());
    assertEquals(GrpcStatus.NOT_FOUND, getProduct(sign("RS256", jwksRsa, claims())).status());
  }

  @Test
  void adminRoleInAPublicKeyToken_mayUpsertProducts() {
    String id = Fixtures.unique("prd_pk_");
    String token = sign("ES256", ec, claims().put("roles", new JsonArray().add("admin")));
    var reply = TestServer.await(TestServer.call(new BearerClient(server.anonymous(), token), server.address(),
        ProductServiceGrpcClient.UpsertProduct, Fixtures.product(id, 100, 1)));
    assertEquals(GrpcStatus.OK, reply.status(), reply.toString());
  }

  @Test
  void wrongIssuerOrAudience_orAnUnknownKey_isUnauthenticated() throws Exception {
    assertRefused(sign("RS256", rsa, claims().put("iss", "https://evil.test")), "token issuer is not accepted");
    assertRefused(sign("RS256", rsa, claims().put("aud", "billing")), "token audience is not accepted");
    assertRefused(sign("RS256", generate("RSA", null), claims()), "bad token signature");
    assertRefused(AuthenticationTest.hs256(TestServer.SECRET, claims()), "token signed with an unknown key or algorithm");
  }

  @Test
  void reflectionSwitchedOff_isUnimplemented_withoutAskingForAToken() {
    Reply<Buffer> reply = TestServer.await(TestServer.call(server.anonymous(), server.address(),
        AuthenticationTest.REFLECTION, AuthenticationTest.LIST_SERVICES));
    assertEquals(GrpcStatus.UNIMPLEMENTED, reply.status(), reply.toString());
  }

  private void assertRefused(String token, String reason) {
    Reply<Product> reply = getProduct(token);
    assertEquals(GrpcStatus.UNAUTHENTICATED, reply.status(), reply.toString());
    assertEquals(reason, reply.message());
  }

  private Reply<Product> getProduct(String token) {
    return TestServer.await(TestServer.call(new BearerClient(server.anonymous(), token), server.address(),
        ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId("prd_nobody_has").build()));
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", "usr_pk").put("iss", ISSUER).put("aud", new JsonArray().add(AUDIENCE))
        .put("exp", System.currentTimeMillis() / 1000 + 600);
  }

  private static String sign(String alg, KeyPair pair, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(null, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg)
        .setBuffer(pem("PRIVATE KEY", pair.getPrivate().getEncoded()))));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(alg));
  }

  private static KeyPair generate(String type, ECGenParameterSpec curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
    if (curve != null) {
      generator.initialize(curve);
    } else {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static JsonObject jwk(RSAPublicKey key, String kid) {
    return new JsonObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", kid)
        .put("n", base64Url(key.getModulus())).put("e", base64Url(key.getPublicExponent()));
  }

  private static String base64Url(BigInteger n) {
    byte[] bytes = n.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
