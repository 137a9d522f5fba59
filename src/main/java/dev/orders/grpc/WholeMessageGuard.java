package dev.orders.grpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Timer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcError;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.InvalidMessageException;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vertx.grpc.server.Service;
import java.util.List;

/**
 * Binds a generated service so that a unary call whose body ends before one whole message arrived
 * (a frame cut short, a length prefix larger than the body, no body at all) is answered
 * INVALID_ARGUMENT. vertx-grpc 5.0.7 drops the incomplete bytes and its generated glue waits for a
 * message that never comes, leaving the call open until the caller gives up.
 */
final class WholeMessageGuard implements Service {

  private final Service service;

  WholeMessageGuard(Service service) {
    this.service = service;
  }

  @Override
  public ServiceName name() {
    return service.name();
  }

  @Override
  public com.google.protobuf.Descriptors.ServiceDescriptor descriptor() {
    return service.descriptor();
  }

  @Override
  public void bind(GrpcServer server) {
    service.bind(new Binder(server));
  }

  private static <Req, Resp> void guarded(GrpcServerRequest<Req, Resp> request, Handler<GrpcServerRequest<Req, Resp>> glue) {
    Observed<Req, Resp> observed = new Observed<>(request);
    request.endHandler(v -> {
      if (!observed.received) {
        request.response().status(GrpcStatus.INVALID_ARGUMENT)
            .statusMessage("the request ended before one whole message arrived").end();
      }
    });
    glue.handle(observed);
  }

  /** The server as the service sees it while binding: every method handler is guarded. */
  private record Binder(GrpcServer server) implements GrpcServer {
    @Override
    public <Req, Resp> GrpcServer callHandler(ServiceMethod<Req, Resp> method, Handler<GrpcServerRequest<Req, Resp>> handler) {
      return server.callHandler(method, request -> guarded(request, handler));
    }

    @Override
    public GrpcServer callHandler(Handler<GrpcServerRequest<io.vertx.core.buffer.Buffer, io.vertx.core.buffer.Buffer>> handler) {
      return server.callHandler(handler);
    }

    @Override
    public GrpcServer addService(Service service) {
      return server.addService(service);
    }

    @Override
    public List<Service> services() {
      return server.services();
    }

    @Override
    public void handle(HttpServerRequest request) {
      server.handle(request);
    }
  }

  /** The request as the generated glue sees it: notes when a decoded message reaches the glue. */
  private static final class Observed<Req, Resp> implements GrpcServerRequest<Req, Resp> {
    private final GrpcServerRequest<Req, Resp> request;
    private boolean received;

    Observed(GrpcServerRequest<Req, Resp> request) {
      this.request = request;
    }

    @Override
    public GrpcServerRequest<Req, Resp> handler(Handler<Req> handler) {
      return then(() -> request.handler(handler == null ? null : message -> {
        received = true;
        handler.handle(message);
      }));
    }

    @Override public ServiceName serviceName() { return request.serviceName(); }
    @Override public String methodName() { return request.methodName(); }
    @Override public String fullMethodName() { return request.fullMethodName(); }
    @Override public GrpcServerResponse<Req, Resp> response() { return request.response(); }
    @Override public MultiMap headers() { return request.headers(); }
    @Override public String encoding() { return request.encoding(); }
    @Override public WireFormat format() { return request.format(); }
    @Override public HttpConnection connection() { return request.connection(); }
    @Override public long timeout() { return request.timeout(); }
    @Override public Timer deadline() { return request.deadline(); }
    @Override public Future<Req> last() { return request.last(); }
    @Override public Future<Void> end() { return request.end(); }

    @Override
    public GrpcServerRequest<Req, Resp> messageHandler(Handler<GrpcMessage> handler) {
      return then(() -> request.messageHandler(handler));
    }

    @Override
    public GrpcServerRequest<Req, Resp> invalidMessageHandler(Handler<InvalidMessageException> handler) {
      return then(() -> request.invalidMessageHandler(handler));
    }

    @Override
    public GrpcServerRequest<Req, Resp> errorHandler(Handler<GrpcError> handler) {
      return then(() -> request.errorHandler(handler));
    }

    @Override
    public GrpcServerRequest<Req, Resp> exceptionHandler(Handler<Throwable> handler) {
      return then(() -> request.exceptionHandler(handler));
    }

    @Override
    public GrpcServerRequest<Req, Resp> endHandler(Handler<Void> handler) {
      return then(() -> request.endHandler(handler));
    }

    @Override public GrpcServerRequest<Req, Resp> pause() { return then(request::pause); }
    @Override public GrpcServerRequest<Req, Resp> resume() { return then(request::resume); }
    @Override public GrpcServerRequest<Req, Resp> fetch(long amount) { return then(() -> request.fetch(amount)); }

    /** Runs a call on the real request and answers this wrapper, so the glue keeps talking to it. */
    private GrpcServerRequest<Req, Resp> then(Runnable onRequest) {
      onRequest.run();
      return this;
    }
  }
}
