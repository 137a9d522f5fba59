package dev.orders.perf;

import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.OrderServiceClient;
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
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The service over one HTTP/2 connection: one GrpcClient per lane, created on the lane's event loop. */
final class GrpcTarget implements Target {

  /** A response header of the wire contract the tool reads (perf/README.md): which server instance answered. */
  private static final String INSTANCE_HEADER = "orders-instance";

  /** The subject of the admin token the tool sends for calls that are not one user's own. */
  private static final String ADMIN = "orders-load";
  /** Long enough for any run; a token is minted per user once per lane. */
  private static final Duration TOKEN_TTL = Duration.ofHours(24);

  private final GrpcClient client;
  /** The client calls go out on: with a secret, carrying the admin token. */
  private final GrpcClient calling;
  private final Map<String, OrderServiceClient> byUser = new ConcurrentHashMap<>();
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
    Optional<Tokens> tokens = plan.authSecret().map(secret -> new Tokens(vertx, secret));
    calling = tokens.<GrpcClient>map(t -> new BearerClient(client, t.mint(ADMIN, true, TOKEN_TTL))).orElse(client);
    products = ProductServiceGrpcClient.create(calling, address);
    OrderServiceClient anyUser = OrderServiceGrpcClient.create(calling, address);
    calls = new Calls(anyUser, tokens.map(t -> ownOrders(t)).orElse(user -> anyUser), products, plan.scenario(), data,
        state);
    where = plan.host() + ":" + plan.port();
  }

  /** Each user's client carries that user's token, minted on first use. */
  private Function<String, OrderServiceClient> ownOrders(Tokens tokens) {
    return user -> byUser.computeIfAbsent(user, u ->
        OrderServiceGrpcClient.create(new BearerClient(client, tokens.mint(u, false, TOKEN_TTL)), address));
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
    return calling.request(address, ProductServiceGrpcClient.GetProduct)
        .compose(req -> {
          req.end(GetProductRequest.newBuilder().setId("prd_load_probe").build());
          return req.response();
        })
        .compose(resp -> {
          String instance = resp.headers().get(INSTANCE_HEADER);
          serverInstance = instance == null ? "" : instance;
          return resp.end().otherwiseEmpty().compose(v -> refusal(resp.status(), resp.statusMessage()));
        })
        .recover(err -> Future.failedFuture("cannot reach the service at " + where + ": " + err.getMessage()));
  }

  private static Future<Void> refusal(GrpcStatus status, String message) {
    return switch (status) {
      case UNAVAILABLE -> Future.failedFuture("the service answers UNAVAILABLE: " + message);
      case UNAUTHENTICATED -> Future.failedFuture("the service refuses the call (" + message + "): give it a token with"
          + " --auth-secret or ORDERS_AUTH_HS256_SECRET, the service's own secret");
      default -> Future.succeededFuture();
    };
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
