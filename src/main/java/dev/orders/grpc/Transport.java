package dev.orders.grpc;

import dev.orders.config.TransportConfig;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.grpc.server.GrpcProtocol;
import io.vertx.grpc.server.GrpcServerOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the gRPC port speaks and the limits that keep one caller from holding it. */
final class Transport {

  /**
   * The largest inbound message: the biggest legitimate one (100 order lines, 1,000 product ids)
   * is a few tens of KiB. Beyond it the call gets RESOURCE_EXHAUSTED before it is decoded.
   */
  static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private Transport() {}

  /**
   * gRPC over HTTP/2 always; gRPC-Web only when configured. HTTP/JSON transcoding is never on: no
   * proto method maps a route and the transcoding module is not shipped, so Vert.x would answer a
   * plain JSON POST with HTTP 500; switched off, every unserved content type gets HTTP 415.
   */
  static GrpcServerOptions grpcOptions(TransportConfig transport) {
    GrpcServerOptions options = new GrpcServerOptions()
        // answer DEADLINE_EXCEEDED when the caller's grpc-timeout passes instead of working on
        .setScheduleDeadlineAutomatically(true)
        .setMaxMessageSize(MAX_MESSAGE_BYTES)
        .removeEnabledProtocol(GrpcProtocol.TRANSCODING);
    if (!transport.grpcWeb()) {
      options.removeEnabledProtocol(GrpcProtocol.WEB).removeEnabledProtocol(GrpcProtocol.WEB_TEXT);
    }
    return options;
  }

  static HttpServerOptions httpOptions(TransportConfig transport, int port, Optional<ServerSSLOptions> tls) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost("0.0.0.0")
        .setPort(port)
        .setTcpNoDelay(true)
        .setIdleTimeout((int) transport.idleTimeout().toSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxHeaderSize(transport.maxHeaderBytes())
        .setInitialSettings(new Http2Settings()
            // grpc-java clients multiplex many calls on one connection; 100 streams is too few for them
            .setMaxConcurrentStreams(1000)
            .setMaxHeaderListSize(transport.maxHeaderBytes()));
    tls.ifPresent(ssl -> options.setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(ssl.getKeyCertOptions())
        .setTrustOptions(ssl.getTrustOptions())
        .setClientAuth(ssl.getClientAuth()));
    return options;
  }
}
