package dev.orders.grpc;

import dev.orders.api.v1.BatchGetProductsRequest;
import dev.orders.api.v1.BatchGetProductsResponse;
import dev.orders.api.v1.GetProductRequest;
import dev.orders.api.v1.Product;
import dev.orders.api.v1.ProductServiceGrpcService;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.auth.Callers;
import dev.orders.error.DomainException;
import dev.orders.product.ProductCatalog;
import java.util.ArrayList;
import java.util.List;

/** orders.v1.ProductService over the {@link ProductCatalog}. */
final class ProductGrpcService extends ProductServiceGrpcService {

  private static final int MAX_NAME_LENGTH = 200;
  /** A billion in the currency's main unit: beyond any real price, far from overflowing an order total. */
  private static final long MAX_PRICE_CENTS = 100_000_000_000L;
  private static final int MAX_STOCK = 1_000_000_000;

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
          return catalog.upsert(product(req)).map(ProtoMapper::product);
        });
  }

  static dev.orders.product.Product product(UpsertProductRequest req) {
    if (!req.hasProduct()) {
      throw DomainException.invalid("product is required");
    }
    Product p = req.getProduct();
    if (p.getPriceCents() < 0 || p.getPriceCents() > MAX_PRICE_CENTS) {
      throw DomainException.invalid("product.price_cents must be between 0 and " + MAX_PRICE_CENTS
          + " (got " + p.getPriceCents() + ")");
    }
    if (!p.getCurrency().matches("[A-Z]{3}")) {
      throw DomainException.invalid("product.currency must be a three-letter ISO 4217 code such as EUR (got '"
          + p.getCurrency() + "')");
    }
    Validate.range("product.stock", p.getStock(), 0, MAX_STOCK);
    return new dev.orders.product.Product(
        Validate.id("product.id", p.getId()),
        Validate.text("product.name", p.getName(), MAX_NAME_LENGTH, true),
        Validate.text("product.description", p.getDescription(), Validate.MAX_TEXT_LENGTH, false),
        p.getPriceCents(),
        p.getCurrency(),
        p.getStock(),
        null);
  }
}
