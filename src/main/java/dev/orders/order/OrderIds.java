package dev.orders.order;

import java.security.SecureRandom;

/**
 * Order ids: {@code ord_} + 26 Crockford base-32 characters, a 48-bit millisecond timestamp
 * followed by 80 random bits (the ULID layout). They sort by creation time and cannot be guessed.
 */
public final class OrderIds {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private OrderIds() {}

  public static String next() {
    return next(System.currentTimeMillis());
  }

  static String next(long epochMillis) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    char[] out = new char[26];
    long time = epochMillis;
    for (int i = 9; i >= 0; i--) {          // 10 chars x 5 bits = 50 bits >= 48-bit timestamp
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (random[i] & 0xff);
      lo = (lo << 8) | (random[i + 5] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {        // 8 chars x 5 bits = 40 bits each half
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return "ord_" + new String(out);
  }
}
