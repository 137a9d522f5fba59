package dev.orders.perf;

import com.google.protobuf.Timestamp;
import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import java.util.stream.IntStream;

/**
 * The ceiling of the product reads on this box: a Vert.x gRPC server that answers GetProduct
 * with one constant product shaped like a seeded one, and BatchGetProducts with 100 of them. No
 * auth, no database, no cache, nothing decoded beyond the request: what the service's product
 * reads would reach if everything but Vert.x, HTTP/2 and protobuf cost nothing. perf/ab-bench.sh
 * runs it beside the A and B builds. Other ProductService methods answer UNIMPLEMENTED.
 */
public final class CeilingServer extends VerticleBase {

  /** Products per BatchGetProducts answer: the batch perf/scenarios/bench-batch-100.properties asks for. */
  public static final int BATCH_SIZE = 100;

  private final int port;

  private CeilingServer(int port) {
    this.port = port;
  }

  /** Deploys one instance per event loop, like `orders serve` with its default ORDERS_INSTANCES. */
  public static Future<String> deploy(Vertx vertx, int port, int instances) {
    return vertx.deployVerticle(() -> new CeilingServer(port), new DeploymentOptions().setInstances(instances));
  }

  @Override
  public Future<?> start() {
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.addService(new ConstantProducts());
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("0.0.0.0"))
        .requestHandler(grpc).listen();
  }

  /** A product as `orders seed` writes them: the same field lengths, so the same bytes on the wire. */
  static Product seededLookalike(int n) {
    return Product.newBuilder()
        .setId(String.format("prd_%05d", n))
        .setName("Product " + n)
        .setDescription("Seeded product " + n)
        .setPriceCents(2_499)
        .setCurrency("EUR")
        .setStock(1_000_000_000)
        .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_793_491_200L))
        .setVersion(1)
        .build();
  }

  private static final class ConstantProducts extends ProductServiceGrpcService {
    private static final Product PRODUCT = seededLookalike(4_242);
    private static final BatchGetProductsResponse BATCH = BatchGetProductsResponse.newBuilder()
        .addAllProducts(IntStream.rangeClosed(4_201, 4_200 + BATCH_SIZE).mapToObj(CeilingServer::seededLookalike)
            .toList())
        .build();

    @Override
    public Future<Product> getProduct(GetProductRequest request) {
      return Future.succeededFuture(PRODUCT);
    }

    @Override
    public Future<BatchGetProductsResponse> batchGetProducts(BatchGetProductsRequest request) {
      return Future.succeededFuture(BATCH);
    }
  }
}
