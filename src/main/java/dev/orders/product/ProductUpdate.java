package dev.orders.product;

import dev.orders.error.DomainException;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What UpsertProduct asks for: the values, which of them change an existing product, and the
 * version the caller expects (AIP-154). Creating a product takes every value, whatever the fields.
 *
 * @param values the requested values; version and updated_at are ignored
 * @param fields the fields that change an existing product
 */
public record ProductUpdate(Product values, Set<ProductField> fields, OptionalLong expectedVersion) {

  /** The version of a product that does not exist, for {@code expected_version}. */
  public static final long ABSENT_VERSION = 0;

  public ProductUpdate {
    fields = fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
  }

  public String id() {
    return values.id();
  }

  /** Fails ABORTED when the caller expects another version than {@code current} (0: absent). */
  void requireVersion(long current) {
    if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current) {
      throw DomainException.aborted("product " + id() + " is at version " + current
          + (current == ABSENT_VERSION ? " (it does not exist)" : "") + " and not at expected_version "
          + expectedVersion.getAsLong() + " (read it again and retry)");
    }
  }

  /** A new product needs every field; the edge checked the format of those that are set. */
  Product toCreate() {
    if (values.name().isBlank()) {
      throw DomainException.invalid("product.name is required to create product " + id());
    }
    if (values.currency().isEmpty()) {
      throw DomainException.invalid("product.currency is required to create product " + id());
    }
    return values;
  }

  /** {@code current} with the chosen fields replaced. */
  Product applyTo(Product current) {
    return new Product(current.id(),
        fields.contains(ProductField.NAME) ? values.name() : current.name(),
        fields.contains(ProductField.DESCRIPTION) ? values.description() : current.description(),
        fields.contains(ProductField.PRICE_CENTS) ? values.priceCents() : current.priceCents(),
        fields.contains(ProductField.CURRENCY) ? values.currency() : current.currency(),
        fields.contains(ProductField.STOCK) ? values.stock() : current.stock(),
        current.updatedAt(), current.version());
  }
}
