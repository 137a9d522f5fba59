package dev.orders.grpc;

import dev.orders.api.v1.Product;
import dev.orders.api.v1.UpsertProductRequest;
import dev.orders.error.DomainException;
import dev.orders.product.ProductField;
import dev.orders.product.ProductUpdate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * UpsertProductRequest → {@link ProductUpdate}: the update_mask (AIP-134) or, without one, the
 * populated fields. proto3 scalars have no presence, so "populated" means not the default: a
 * non-empty string, a non-zero number. Every value that is set is checked here, whether or not it
 * is masked; whether a new product has all it needs is the catalog's rule.
 */
final class ProductUpdates {

  static final int MAX_NAME_LENGTH = 200;
  /** A billion in the currency's main unit: beyond any real price, far from overflowing an order total. */
  private static final long MAX_PRICE_CENTS = 100_000_000_000L;
  private static final int MAX_STOCK = 1_000_000_000;

  private static final Map<String, ProductField> PATHS = Map.of(
      "name", ProductField.NAME,
      "description", ProductField.DESCRIPTION,
      "price_cents", ProductField.PRICE_CENTS,
      "currency", ProductField.CURRENCY,
      "stock", ProductField.STOCK);

  private ProductUpdates() {}

  static ProductUpdate fromRequest(UpsertProductRequest req) {
    if (!req.hasProduct()) {
      throw DomainException.invalid("product is required");
    }
    Product p = req.getProduct();
    Set<ProductField> fields = req.hasUpdateMask() && req.getUpdateMask().getPathsCount() > 0
        ? masked(req.getUpdateMask().getPathsList())
        : populated(p);
    if (fields.contains(ProductField.NAME) && p.getName().isBlank()) {
      throw DomainException.invalid("product.name must not be blank when it is in update_mask");
    }
    if ((fields.contains(ProductField.CURRENCY) || !p.getCurrency().isEmpty()) && !p.getCurrency().matches("[A-Z]{3}")) {
      throw DomainException.invalid("product.currency must be a three-letter ISO 4217 code such as EUR (got '"
          + p.getCurrency() + "')");
    }
    OptionalLong expected = req.hasExpectedVersion() ? OptionalLong.of(req.getExpectedVersion()) : OptionalLong.empty();
    return new ProductUpdate(values(p), fields, expected);
  }

  private static Set<ProductField> masked(List<String> paths) {
    Set<ProductField> fields = EnumSet.noneOf(ProductField.class);
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      if (path.equals("*")) {
        fields.addAll(PATHS.values());
      } else if (PATHS.containsKey(path)) {
        fields.add(PATHS.get(path));
      } else {
        throw DomainException.invalid("update_mask.paths[" + i + "] is not a field UpsertProduct changes"
            + " (name or description or price_cents or currency or stock or * for all)");
      }
    }
    return fields;
  }

  private static Set<ProductField> populated(Product p) {
    Set<ProductField> fields = EnumSet.noneOf(ProductField.class);
    if (!p.getName().isEmpty()) {
      fields.add(ProductField.NAME);
    }
    if (!p.getDescription().isEmpty()) {
      fields.add(ProductField.DESCRIPTION);
    }
    if (p.getPriceCents() != 0) {
      fields.add(ProductField.PRICE_CENTS);
    }
    if (!p.getCurrency().isEmpty()) {
      fields.add(ProductField.CURRENCY);
    }
    if (p.getStock() != 0) {
      fields.add(ProductField.STOCK);
    }
    return fields;
  }

  private static dev.orders.product.Product values(Product p) {
    if (p.getPriceCents() < 0 || p.getPriceCents() > MAX_PRICE_CENTS) {
      throw DomainException.invalid("product.price_cents must be between 0 and " + MAX_PRICE_CENTS
          + " (got " + p.getPriceCents() + ")");
    }
    Validate.range("product.stock", p.getStock(), 0, MAX_STOCK);
    return new dev.orders.product.Product(
        Validate.id("product.id", p.getId()),
        Validate.text("product.name", p.getName(), MAX_NAME_LENGTH, false),
        Validate.text("product.description", p.getDescription(), Validate.MAX_TEXT_LENGTH, false),
        p.getPriceCents(),
        p.getCurrency(),
        p.getStock(),
        null,
        0);
  }
}
