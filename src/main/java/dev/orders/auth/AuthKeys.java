package dev.orders.auth;

import dev.orders.config.SecurityConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verification keys, read once at start-up (blocking file reads, before any verticle runs).
 * Every key listed is accepted, which is how keys rotate: publish the new key next to the old one,
 * switch the issuer, then drop the old key.
 */
public final class AuthKeys {

  static final String NO_KEY = "authentication is on (ORDERS_AUTH=jwt) but no key is configured: set"
      + " ORDERS_AUTH_HS256_SECRET, ORDERS_AUTH_PUBLIC_KEYS_FILE or ORDERS_AUTH_JWKS_FILE"
      + " (or ORDERS_AUTH=disabled on a network where every caller is trusted)";

  private static final Pattern PEM_PUBLIC_KEY =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

  private final JWTAuthOptions options; // null when ORDERS_AUTH=disabled

  private AuthKeys(JWTAuthOptions options) {
    this.options = options;
  }

  /**
   * Reads the configured keys; with ORDERS_AUTH=disabled there are none to read.
   *
   * @throws IllegalArgumentException naming the variable to set or fix
   */
  public static AuthKeys read(SecurityConfig config) {
    return new AuthKeys(config.enabled() ? options(config) : null);
  }

  /** For vertx-auth-jwt; null when authentication is disabled. */
  JWTAuthOptions options() {
    return options;
  }

  /**
   * Keys only: expiry, issuer and audience are checked by {@link TokenVerifier}, which can then say
   * which of them failed.
   */
  private static JWTAuthOptions options(SecurityConfig config) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIgnoreExpiration(true));
    config.hs256Secret().ifPresent(secret -> options.addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    config.publicKeysFile().ifPresent(file -> addPemKeys(options, file));
    config.jwksFile().ifPresent(file -> addJwks(options, file));
    if (options.getPubSecKeys() == null && options.getJwks() == null) {
      throw new IllegalArgumentException(NO_KEY);
    }
    return options;
  }

  private static void addPemKeys(JWTAuthOptions options, Path file) {
    Matcher pem = PEM_PUBLIC_KEY.matcher(readFile("ORDERS_AUTH_PUBLIC_KEYS_FILE", file));
    int found = 0;
    while (pem.find()) {
      String block = pem.group();
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm(file, pem.group(1))).setBuffer(block));
      found++;
    }
    if (found == 0) {
      throw new IllegalArgumentException("ORDERS_AUTH_PUBLIC_KEYS_FILE " + file
          + " holds no '-----BEGIN PUBLIC KEY-----' block");
    }
  }

  /** RS256 for an RSA key; ES256, ES384 or ES512 by the size of an EC key's curve. */
  private static String algorithm(Path file, String base64) {
    byte[] der = Base64.getMimeDecoder().decode(base64);
    try {
      KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      return "RS256";
    } catch (GeneralSecurityException notRsa) {
      try {
        var ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        return bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
      } catch (GeneralSecurityException notEc) {
        throw new IllegalArgumentException("ORDERS_AUTH_PUBLIC_KEYS_FILE " + file
            + " holds a public key that is neither RSA nor EC");
      }
    }
  }

  private static void addJwks(JWTAuthOptions options, Path file) {
    JsonArray keys;
    try {
      keys = new JsonObject(readFile("ORDERS_AUTH_JWKS_FILE", file)).getJsonArray("keys");
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("ORDERS_AUTH_JWKS_FILE " + file + " is not a JWK set: " + e.getMessage());
    }
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("ORDERS_AUTH_JWKS_FILE " + file + " has no \"keys\" array");
    }
    keys.forEach(key -> options.addJwk((JsonObject) key));
  }

  private static String readFile(String variable, Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(variable + " " + file + " cannot be read: " + e.getMessage());
    }
  }
}
