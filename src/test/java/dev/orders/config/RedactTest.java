package dev.orders.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactTest {

  @Test
  void url_userInfoPassword_isHiddenWhateverItContains() {
    assertEquals("postgresql://orders:***@db:5432/orders", Redact.url("postgresql://orders:s3cret@db:5432/orders"));
    assertEquals("redis://:***@cache:6379/0", Redact.url("redis://:s3cret@cache:6379/0"));
    assertEquals("redis://u:***@cache:6379", Redact.url("redis://u:p@ss/w0rd@cache:6379"));
  }

  @Test
  void url_passwordQueryParameter_isHidden() {
    assertEquals("postgresql://db/orders?user=u&password=***&sslmode=require",
        Redact.url("postgresql://db/orders?user=u&password=s3cret&sslmode=require"));
  }

  @Test
  void url_commaSeparatedEndpoints_redactsEach() {
    assertEquals("redis://:***@s1:26379,redis://:***@s2:26379", Redact.url("redis://:a@s1:26379,redis://:b@s2:26379"));
  }

  @Test
  void url_withoutSecret_isUnchanged() {
    assertEquals("postgresql://postgres@127.0.0.1:5432/orders", Redact.url("postgresql://postgres@127.0.0.1:5432/orders"));
    assertEquals("redis://127.0.0.1:6379", Redact.url("redis://127.0.0.1:6379"));
    assertNull(Redact.url(null));
  }

  @Test
  void config_toString_showsNoPassword() {
    Config c = Config.fromEnv(Map.of("ORDERS_PG_URL", "postgresql://u:pgsecret@db/x", "ORDERS_REDIS_URL", "redis://:redissecret@r",
        "ORDERS_AUTH_HS256_SECRET", "jwtsecret-0123456789abcdef0123456789"));
    String shown = c.toString();
    assertFalse(shown.contains("pgsecret") || shown.contains("redissecret") || shown.contains("jwtsecret"), shown);
  }
}
