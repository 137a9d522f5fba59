package dev.orders.gate;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One EXECUTE argument, rendered as a typed SQL literal. The statement itself is PREPAREd
 * without declared types, so PostgreSQL infers them exactly as it does for the service's
 * prepared statements (the Vert.x client does not declare them either).
 */
record Arg(String literal) {

  static Arg text(String value) {
    return new Arg(quote(value) + "::text");
  }

  static Arg integer(long value) {
    return new Arg(Long.toString(value));
  }

  static Arg timestamptz(OffsetDateTime value) {
    return new Arg(quote(value.toString()) + "::timestamptz");
  }

  static Arg textArray(List<String> values) {
    return new Arg("ARRAY[" + values.stream().map(Arg::quote).collect(Collectors.joining(",")) + "]::text[]");
  }

  static Arg intArray(List<Integer> values) {
    return new Arg("ARRAY[" + values.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]::int[]");
  }

  static Arg bigintArray(List<Long> values) {
    return new Arg("ARRAY[" + values.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]::int8[]");
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
