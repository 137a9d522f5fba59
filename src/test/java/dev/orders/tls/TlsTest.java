package dev.orders.tls;

import static dev.orders.testsupport.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.ProductServiceGrpcClient;
import dev.orders.perf.BearerClient;
import dev.orders.testsupport.Reply;
import dev.orders.testsupport.TestCertificates;
import dev.orders.testsupport.TestCertificates.Pem;
import dev.orders.testsupport.TestServer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC port over TLS and mTLS, with certificates made for the test by a throwaway CA. */
class TlsTest {

  private static TestCertificates ca;
  private static TestCertificates strangerCa;
  private static Pem serverPem;
  private static Pem clientPem;
  private static Pem strangerPem;

  @BeforeAll
  static void makeCertificates() {
    ca = TestCertificates.authority("orders-test-ca");
    strangerCa = TestCertificates.authority("stranger-ca");
    serverPem = ca.issue("server", 1001);
    clientPem = ca.issue("client", 2001);
    strangerPem = strangerCa.issue("stranger", 3001);
  }

  @AfterAll
  static void deleteCertificates() {
    ca.close();
    strangerCa.close();
  }

  @Test
  void mutualTls_clientWithCertificateFromTheCa_isServed_othersAreRefused() {
    TestServer server = TestServer.start("orders_mtls", tlsEnv(serverPem, true));
    try {
      assertEquals(GrpcStatus.NOT_FOUND, getProduct(server, Optional.of(clientPem)).status());
      assertThrows(IllegalStateException.class, () -> getProduct(server, Optional.empty()),
          "a client without a certificate must not get through");
      assertThrows(IllegalStateException.class, () -> getProduct(server, Optional.of(strangerPem)),
          "a certificate from another CA must not get through");
    } finally {
      server.close();
    }
  }

  @Test
  void tls_plainTextClient_isRefused_tlsClientIsServed() {
    TestServer server = TestServer.start("orders_tls", tlsEnv(serverPem, false));
    try {
      assertEquals(GrpcStatus.NOT_FOUND, getProduct(server, Optional.empty()).status());
      assertThrows(IllegalStateException.class, () -> TestServer.await(server.products()
          .getProduct(GetProductRequest.newBuilder().setId("prd_none").build())));
    } finally {
      server.close();
    }
  }

  @Test
  void renewedCertificateFiles_areServedToNewConnectionsWithoutRestart() {
    Map<String, String> env = tlsEnv(ca.issue("renewing", 4001), false);
    env.put("ORDERS_TLS_RELOAD_SECONDS", "1");
    TestServer server = TestServer.start("orders_tls_reload", env);
    try {
      assertEquals(BigInteger.valueOf(4001), servedSerial(server));
      ca.issue("renewed", 4002).copyOver(new Pem(ca.dir.resolve("renewing.crt"), ca.dir.resolve("renewing.key")));
      eventually("the renewed certificate is served", () -> servedSerial(server).equals(BigInteger.valueOf(4002)));
      assertEquals(GrpcStatus.NOT_FOUND, getProduct(server, Optional.empty()).status());
    } finally {
      server.close();
    }
  }

  private static Map<String, String> tlsEnv(Pem pem, boolean requireClientCertificates) {
    Map<String, String> env = new HashMap<>();
    env.put("ORDERS_TLS_CERT_FILE", pem.cert().toString());
    env.put("ORDERS_TLS_KEY_FILE", pem.key().toString());
    if (requireClientCertificates) {
      env.put("ORDERS_TLS_CLIENT_CA_FILE", ca.caCert.toString());
    }
    return env;
  }

  /** One call on a new TLS connection (HTTP/2 negotiated by ALPN), showing {@code certificate} if any. */
  private static Reply<?> getProduct(TestServer server, Optional<Pem> certificate) {
    HttpClientOptions http = new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caCert.toString()));
    certificate.ifPresent(pem -> http.setKeyCertOptions(
        new PemKeyCertOptions().setCertPath(pem.cert().toString()).setKeyPath(pem.key().toString())));
    GrpcClient client = GrpcClient.builder(server.vertx).with(http).build();
    try {
      return TestServer.await(TestServer.call(new BearerClient(client, server.token("usr_tls", false)), SocketAddress.inetSocketAddress(server.config.grpcPort(), "127.0.0.1"),
          ProductServiceGrpcClient.GetProduct, GetProductRequest.newBuilder().setId("prd_none").build()));
    } finally {
      TestServer.await(client.close());
    }
  }

  /** The serial number of the certificate a new connection to the server is shown. */
  private static BigInteger servedSerial(TestServer server) {
    var net = server.vertx.createNetClient(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caCert.toString())));
    try {
      var socket = TestServer.await(net.connect(server.config.grpcPort(), "127.0.0.1"));
      var serial = ((X509Certificate) socket.peerCertificates().get(0)).getSerialNumber();
      TestServer.await(socket.close());
      return serial;
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    } finally {
      TestServer.await(net.close());
    }
  }
}
