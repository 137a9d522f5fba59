package dev.orders.product;

import dev.orders.error.DomainException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Catalog reads and writes as the API defines them (request order, missing ids, NOT_FOUND). */
public final class ProductCatalog {

  /** The answer to a batch read: found products in request order, then the ids that do not exist. */
  public record Batch(List<Product> products, List<String> missingIds) {}

  private final ProductRepository repository;

  public ProductCatalog(ProductRepository repository) {
    this.repository = repository;
  }

  public Future<Product> get(String id) {
    return repository.get(id)
        .map(found -> found.orElseThrow(() -> DomainException.notFound("product " + id + " not found")));
  }

  public Future<Batch> getMany(List<String> ids) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>(ids);
    return repository.getMany(distinct).map(found -> inRequestOrder(distinct, found));
  }

  public Future<Product> upsert(Product product) {
    return repository.upsert(product);
  }

  static Batch inRequestOrder(LinkedHashSet<String> ids, List<Product> found) {
    Map<String, Product> byId = found.stream().collect(Collectors.toMap(Product::id, Function.identity()));
    List<Product> products = new ArrayList<>(byId.size());
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      Product p = byId.get(id);
      if (p == null) {
        missing.add(id);
      } else {
        products.add(p);
      }
    }
    return new Batch(products, missing);
  }
}
