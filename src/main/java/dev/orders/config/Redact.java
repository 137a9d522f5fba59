package dev.orders.config;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Connection URLs as they may be logged or shown: any password replaced by {@code ***}. */
public final class Redact {

  static final String HIDDEN = "***";
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("([?&]password=)[^&]*", Pattern.CASE_INSENSITIVE);

  private Redact() {}

  /**
   * {@code postgresql://user:secret@host/db} becomes {@code postgresql://user:***@host/db}; a
   * {@code password=} query parameter is hidden too; a comma-separated list is redacted per URL.
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    return Arrays.stream(url.split(",", -1)).map(Redact::one).collect(Collectors.joining(","));
  }

  private static String one(String url) {
    return PASSWORD_PARAMETER.matcher(userInfo(url)).replaceAll("$1" + HIDDEN);
  }

  /** The user info ends at the last '@': a password may contain an unencoded '@' or '/'. */
  private static String userInfo(String url) {
    int start = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (start < 0 || at < start) {
      return url;
    }
    int colon = url.indexOf(':', start + 3);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + HIDDEN + url.substring(at);
  }
}
