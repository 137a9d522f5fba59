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
import java.util.ArrayList;
import java.util.List;

/** orders.v1.ProductService over the {@link ProductCatalog}. */
final class ProductGrpcService extends ProductServiceGrpcService {

  private final ProductCatalog catalog;
  private final Callers callers;

  ProductGrpcService(ProductCatalog catalog, Callers callers) {
    this.catalog = catalog;
    this.callers = callers;
  }

  @Override
  public io.vertx.core.Future<Product> getProduct(GetProductRequest req) {
    return Rpcs.answer("GetProduct", Rpcs.id("id", req.getId()),
        () -> catalog.get(Validate.id("id", req.getId())).map(ProtoMapper::product));
  }

  @Override
  public io.vertx.core.Future<BatchGetProductsResponse> batchGetProducts(BatchGetProductsRequest req) {
    return Rpcs.answer("BatchGetProducts", req.getIdsCount() + " ids", () -> {
      if (req.getIdsCount() > Validate.MAX_BATCH) {
        throw DomainException.invalid("ids has " + req.getIdsCount() + " entries (at most " + Validate.MAX_BATCH + ")");
      }
      List<String> ids = new ArrayList<>(req.getIdsCount());
      for (int i = 0; i < req.getIdsCount(); i++) {
        ids.add(Validate.id("ids[" + i + "]", req.getIds(i)));
      }
      return catalog.getMany(ids).map(batch -> {
        var b = BatchGetProductsResponse.newBuilder().addAllMissingIds(batch.missingIds());
        batch.products().forEach(p -> b.addProducts(ProtoMapper.product(p)));
        return b.build();
      });
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
