package dev.orders.perf;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.OrderServiceGrpcClient;
import dev.orders.api.v1.ProductServiceClient;
import dev.orders.api.v1.ProductServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.common.GrpcStatus;
import java.util.concurrent.TimeUnit;

/** The service over one HTTP/2 connection: one GrpcClient per lane, created on the lane's event loop. */
final class GrpcTarget implements Target {

  /** A response header of the wire contract the tool reads (perf/README.md): which server instance answered. */
  private static final String INSTANCE_HEADER = "orders-instance";

  private final GrpcClient client;
  private final ProductServiceClient products;
  private final Calls calls;
  private final String where;
  private final SocketAddress address;
  private volatile String serverInstance = "";

  GrpcTarget(Vertx vertx, LoadPlan plan, Dataset data, RunState state) {
    // grpc-timeout goes to the server, which answers DEADLINE_EXCEEDED itself when it is late
    client = GrpcClient.client(vertx,
        new GrpcClientOptions().setTimeout((int) plan.timeout().toMillis()).setTimeoutUnit(TimeUnit.MILLISECONDS),
        new HttpClientOptions().setTcpNoDelay(true).setConnectTimeout(3000));
    address = SocketAddress.inetSocketAddress(plan.port(), plan.host());
    products = ProductServiceGrpcClient.create(client, address);
    calls = new Calls(OrderServiceGrpcClient.create(client, address), products, plan.scenario(), data, state);
    where = plan.host() + ":" + plan.port();
  }

  static Target.Factory factory(LoadPlan plan, Dataset data, RunState state) {
    return vertx -> new GrpcTarget(vertx, plan, data, state);
  }

  @Override
  public Calls.Sent send(Rpc rpc) {
    return calls.send(rpc);
  }

  /**
   * Any gRPC answer, NOT_FOUND included, proves the connection; only transport failures fail. The
   * raw call also reads which server instance this connection landed on.
   */
  @Override
  public Future<Void> ready() {
    return client.request(address, ProductServiceGrpcClient.GetProduct)
        .compose(req -> {
          req.end(GetProductRequest.newBuilder().setId("prd_load_probe").build());
          return req.response();
        })
        .compose(resp -> {
          String instance = resp.headers().get(INSTANCE_HEADER);
          serverInstance = instance == null ? "" : instance;
          return resp.end().otherwiseEmpty().compose(v -> resp.status() == GrpcStatus.UNAVAILABLE
              ? Future.<Void>failedFuture("the service answers UNAVAILABLE: " + resp.statusMessage())
              : Future.<Void>succeededFuture());
        })
        .recover(err -> Future.failedFuture("cannot reach the service at " + where + ": " + err.getMessage()));
  }

  @Override
  public String serverInstance() {
    return serverInstance;
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
