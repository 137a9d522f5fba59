package dev.orders.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call (ORDERS_AUTH_*) and what the gRPC port reveals (ORDERS_REFLECTION). Keys come from at
 * most one HS256 secret plus any PEM or JWKS public keys; several keys of one kind are a rotation.
 *
 * @param clockSkew how far exp and nbf may be off between the token issuer's clock and ours
 * @param issuer when present, the only accepted {@code iss}
 * @param audience when present, a value {@code aud} must contain
 * @param rolesClaim the claim holding the caller's roles, an array of strings
 * @param adminRole the role that may do everything
 */
public record SecurityConfig(
    Mode auth,
    Optional<String> hs256Secret,
    Optional<Path> publicKeysFile,
    Optional<Path> jwksFile,
    Duration clockSkew,
    Optional<String> issuer,
    Optional<String> audience,
    String rolesClaim,
    String adminRole,
    boolean reflection) {

  public enum Mode {
    JWT, DISABLED;

    static Mode parse(String value) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ORDERS_AUTH must be jwt or disabled, got '" + value + "'");
      }
    }
  }

  public boolean enabled() {
    return auth == Mode.JWT;
  }

  public SecurityConfig withHs256Secret(String secret) {
    return new SecurityConfig(auth, Optional.of(secret), publicKeysFile, jwksFile, clockSkew, issuer, audience,
        rolesClaim, adminRole, reflection);
  }
}
