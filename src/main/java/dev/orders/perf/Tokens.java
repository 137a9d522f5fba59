package dev.orders.perf;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;

/**
 * Bearer tokens signed with a shared HS256 secret, as a service configured with the same
 * ORDERS_AUTH_HS256_SECRET accepts them: {@code sub} is the user, the claim {@code roles} lists
 * {@code admin} for an admin. Part of the wire contract (perf/README.md), so the tool mints its own.
 */
public final class Tokens {

  public static final String ROLES_CLAIM = "roles";
  public static final String ADMIN_ROLE = "admin";

  private final JWTAuth jwt;
  private final String rolesClaim;
  private final String adminRole;

  public Tokens(Vertx vertx, String secret) {
    this(vertx, secret, ROLES_CLAIM, ADMIN_ROLE);
  }

  /** For a service configured with another ORDERS_AUTH_ROLES_CLAIM or ORDERS_AUTH_ADMIN_ROLE. */
  public Tokens(Vertx vertx, String secret, String rolesClaim, String adminRole) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    this.rolesClaim = rolesClaim;
    this.adminRole = adminRole;
  }

  public String mint(String subject, boolean admin, Duration ttl) {
    JsonObject claims = new JsonObject().put(rolesClaim, admin ? new JsonArray().add(adminRole) : new JsonArray());
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setSubject(subject)
        .setExpiresInSeconds((int) ttl.toSeconds()));
  }

  /** The metadata value that carries {@code token}. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
