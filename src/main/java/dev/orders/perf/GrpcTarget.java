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
import java.util.concurrent.TimeUnit;

/** The service over one HTTP/2 connection: one GrpcClient per lane, created on the lane's event loop. */
final class GrpcTarget implements Target {

  private final GrpcClient client;
  private final ProductServiceClient products;
  private final Calls calls;
  private final String where;

  GrpcTarget(Vertx vertx, LoadPlan plan, Dataset data, RunState state) {
    // grpc-timeout goes to the server, which answers DEADLINE_EXCEEDED itself when it is late
    client = GrpcClient.client(vertx,
        new GrpcClientOptions().setTimeout((int) plan.timeout().toMillis()).setTimeoutUnit(TimeUnit.MILLISECONDS),
        new HttpClientOptions().setTcpNoDelay(true).setConnectTimeout(3000));
    SocketAddress address = SocketAddress.inetSocketAddress(plan.port(), plan.host());
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

  /** Any gRPC answer, NOT_FOUND included, proves the connection; only transport failures fail. */
  @Override
  public Future<Void> ready() {
    return products.getProduct(GetProductRequest.newBuilder().setId("prd_load_probe").build())
        .<Void>mapEmpty()
        .recover(err -> "UNAVAILABLE".equals(Outcome.statusOf(err)) || Outcome.statusOf(err).startsWith("CLIENT_")
            ? Future.failedFuture("cannot reach the service at " + where + ": " + err.getMessage())
            : Future.succeededFuture());
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
