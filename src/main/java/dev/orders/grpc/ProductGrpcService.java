package dev.orders.grpc;

import dev.orders.api.v1.AdjustStockRequest;
import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcService;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.auth.Callers;
import dev.orders.error.DomainException;
import dev.orders.product.ProductCatalog;
import dev.orders.product.StockAdjustment;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.ArrayList;
import java.util.List;

/** orders.v1.ProductService over the {@link ProductCatalog}. */
final class ProductGrpcService extends ProductServiceGrpcService {

  private static final ServiceMethod<GetProductRequest, Buffer> GET_ENCODED = ServiceMethod.server(SERVICE_NAME,
      GetProduct.methodName(), PreEncoded.encoder(Product.parser()), GetProduct.decoder());
  private static final ServiceMethod<BatchGetProductsRequest, Buffer> BATCH_GET_ENCODED = ServiceMethod.server(
      SERVICE_NAME, BatchGetProducts.methodName(), PreEncoded.encoder(BatchGetProductsResponse.parser()),
      BatchGetProducts.decoder());

  private final ProductCatalog catalog;
  private final Callers callers;

  ProductGrpcService(ProductCatalog catalog, Callers callers) {
    this.catalog = catalog;
    this.callers = callers;
  }

  /**
   * GetProduct and BatchGetProducts answer with the products' bytes as cached (see {@link
   * PreEncoded}); the other methods through the generated glue.
   */
  @Override
  public void bind(GrpcServer server) {
    builder(this).bind(UpsertProduct, AdjustStock).build().bind(server);
    server.callHandler(GET_ENCODED, request -> request.handler(req -> answer(request, getEncoded(req))));
    server.callHandler(BATCH_GET_ENCODED, request -> request.handler(req -> answer(request, batchGetEncoded(req))));
  }

  private static <Req> void answer(GrpcServerRequest<Req, Buffer> request, Future<Buffer> reply) {
    reply.onComplete(bytes -> request.response().end(bytes), err -> request.response().fail(err));
  }

  private Future<Buffer> getEncoded(GetProductRequest req) {
    return Rpcs.answer("GetProduct", Rpcs.id("id", req.getId()),
        () -> catalog.getEncoded(Validate.id("id", req.getId())));
  }

  private Future<Buffer> batchGetEncoded(BatchGetProductsRequest req) {
    return Rpcs.answer("BatchGetProducts", req.getIdsCount() + " ids", () -> {
      if (req.getIdsCount() > Validate.MAX_BATCH) {
        throw DomainException.invalid("ids has " + req.getIdsCount() + " entries (at most " + Validate.MAX_BATCH + ")");
      }
      List<String> ids = new ArrayList<>(req.getIdsCount());
      for (int i = 0; i < req.getIdsCount(); i++) {
        ids.add(Validate.id("ids[" + i + "]", req.getIds(i)));
      }
      return catalog.getManyEncoded(ids).map(PreEncoded::batchReply);
    });
  }

  @Override
  public io.vertx.core.Future<Product> upsertProduct(UpsertProductRequest req) {
    return Rpcs.answer("UpsertProduct", Rpcs.id("product.id", req.getProduct().getId()),
        () -> {
          Access.requireAdmin(callers.current(), "UpsertProduct");
          return catalog.upsert(ProductUpdates.fromRequest(req)).map(ProtoMapper::product);
        });
  }

  @Override
  public io.vertx.core.Future<Product> adjustStock(AdjustStockRequest req) {
    return Rpcs.answer("AdjustStock", Rpcs.id("product_id", req.getProductId()) + " "
        + Rpcs.id("request_id", req.getRequestId()), () -> {
          Access.requireAdmin(callers.current(), "AdjustStock");
          if (req.getDelta() == 0) {
            throw DomainException.invalid("delta must not be 0");
          }
          return catalog.adjustStock(new StockAdjustment(Validate.id("product_id", req.getProductId()), req.getDelta(),
              Validate.id("request_id", req.getRequestId()))).map(ProtoMapper::product);
        });
  }
}
