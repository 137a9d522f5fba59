package dev.orders.perf;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.Address;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.ServiceMethod;

/**
 * A gRPC client whose every call carries {@code authorization: Bearer <token>}; the generated
 * clients take it like any other, and share the underlying client's connections.
 */
public final class BearerClient implements GrpcClient {

  private final GrpcClient client;
  private final String authorization;

  public BearerClient(GrpcClient client, String token) {
    this.client = client;
    this.authorization = Tokens.bearer(token);
  }

  @Override
  public Future<GrpcClientRequest<Buffer, Buffer>> request(Address server) {
    return client.request(server).map(this::authorized);
  }

  @Override
  public Future<GrpcClientRequest<Buffer, Buffer>> request() {
    return client.request().map(this::authorized);
  }

  @Override
  public <Req, Resp> Future<GrpcClientRequest<Req, Resp>> request(Address server, ServiceMethod<Resp, Req> method) {
    return client.request(server, method).map(this::authorized);
  }

  @Override
  public <Req, Resp> Future<GrpcClientRequest<Req, Resp>> request(ServiceMethod<Resp, Req> method) {
    return client.request(method).map(this::authorized);
  }

  /** The shared client stays open: its owner closes it. */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private <Req, Resp> GrpcClientRequest<Req, Resp> authorized(GrpcClientRequest<Req, Resp> request) {
    request.headers().set(HttpHeaders.AUTHORIZATION, authorization);
    return request;
  }
}
