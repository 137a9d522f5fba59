package dev.orders.grpc;

import dev.orders.config.TransportConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.regex.Pattern;

/**
 * Answers what must not reach admission or the gRPC server: CORS preflights, and content types
 * the port does not serve (HTTP 415, empty body; also before authentication, so a stray JSON POST
 * learns nothing but that).
 */
final class Protocols {

  private static final Pattern GRPC = Pattern.compile("application/grpc(\\+(proto|json))?");
  private static final Pattern GRPC_WEB = Pattern.compile("application/grpc-web(-text)?(\\+(proto|json))?");

  private final boolean grpcWeb;
  private final GrpcWeb cors;

  Protocols(TransportConfig transport) {
    this.grpcWeb = transport.grpcWeb();
    this.cors = new GrpcWeb(transport);
  }

  /** True when the request was answered here. */
  boolean answeredHere(HttpServerRequest request) {
    if (cors.answeredPreflight(request)) {
      return true;
    }
    if (!served(request.getHeader(HttpHeaders.CONTENT_TYPE), request.version())) {
      request.response().setStatusCode(415).end();
      return true;
    }
    return false;
  }

  private boolean served(String contentType, HttpVersion version) {
    if (contentType == null) {
      return false;
    }
    return (version == HttpVersion.HTTP_2 && GRPC.matcher(contentType).matches())
        || (grpcWeb && GRPC_WEB.matcher(contentType).matches());
  }
}
