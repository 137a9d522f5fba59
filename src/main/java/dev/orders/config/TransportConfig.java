package dev.orders.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the gRPC port speaks to the network (ORDERS_TLS_*, ORDERS_GRPC_WEB, ORDERS_CORS_ORIGINS,
 * ORDERS_IDLE_TIMEOUT_SECONDS, ORDERS_MAX_HEADER_BYTES).
 *
 * @param tls the PEM files to serve TLS with; empty means plain text (h2c)
 * @param tlsReloadInterval how often the PEM files are checked for new content
 * @param grpcWeb whether gRPC-Web (HTTP/1.1, browsers) is served besides gRPC over HTTP/2
 * @param corsOrigins the browser origins allowed to call over gRPC-Web; empty allows none
 * @param idleTimeout a connection with no traffic for this long is closed; zero never closes
 * @param maxHeaderBytes the most header bytes one request may carry (HTTP/2 header list, HTTP/1.1 headers)
 */
public record TransportConfig(
    Optional<TlsFiles> tls, Duration tlsReloadInterval, boolean grpcWeb, List<String> corsOrigins,
    Duration idleTimeout, int maxHeaderBytes) {

  /** @param clientCa when present, every client must show a certificate signed by it (mTLS) */
  public record TlsFiles(Path cert, Path key, Optional<Path> clientCa) {}

  /** Both files or neither; a client CA only with a server certificate. */
  static Optional<TlsFiles> tls(String cert, String key, String clientCa) {
    if (cert.isEmpty() != key.isEmpty()) {
      throw new IllegalArgumentException("ORDERS_TLS_CERT_FILE and ORDERS_TLS_KEY_FILE must be set together");
    }
    if (cert.isEmpty() && !clientCa.isEmpty()) {
      throw new IllegalArgumentException(
          "ORDERS_TLS_CLIENT_CA_FILE needs ORDERS_TLS_CERT_FILE and ORDERS_TLS_KEY_FILE (mTLS is TLS first)");
    }
    return cert.isEmpty() ? Optional.empty() : Optional.of(new TlsFiles(
        Path.of(cert), Path.of(key), clientCa.isEmpty() ? Optional.empty() : Optional.of(Path.of(clientCa))));
  }
}
