package dev.orders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orders.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad arguments give one clear message and the usage, exit 2, and never a stack trace. */
class LoadCommandTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--vus 5 --rate 10             | choose one of --vus, --rate",
      "--duration 5x                 | is not a duration",
      "--stages 10s:5 --duration 5s  | stages carry their own durations",
      "--rate-stages 10s:lots        | is not a number",
      "--threshold p98<1ms           | is not [Rpc:]metric",
      "--threshold Foo:p99<1ms       | unknown call Foo",
      "--scenario no-such-mix        | no scenario 'no-such-mix'",
      "--target localhost            | --target must be host:port",
      "--target 127.0.0.1:0          | port must be 1-65535",
      "--rate 0                      | --rate must be greater than 0",
      "--out xml=a.xml               | --out takes json=<file>",
      "--connections 0               | --connections must be greater than 0",
      "--dataset d.json --pg-url x   | --dataset replaces the database",
      "--vus                         | Missing required parameter"})
  void badArguments_messageAndUsage_exit2(String args, String expected) {
    Run run = run(("load " + args.trim()).split("\\s+"));
    assertEquals(2, run.code, run.err);
    assertTrue(run.err.contains(expected), run.err);
    assertTrue(run.err.contains("Usage: orders load"), run.err);
    assertFalse(run.err.contains("\tat "), "no stack trace:\n" + run.err);
  }

  @Test
  void unreachableDatabase_oneLine_exit1() {
    Run run = run("load", "--vus", "1", "--duration", "1s", "--pg-url", "postgresql://postgres@127.0.0.1:1/none");
    assertEquals(1, run.code);
    assertTrue(run.err.contains("cannot read ids from PostgreSQL at 127.0.0.1:1/none"), run.err);
    assertFalse(run.err.contains("\tat "), run.err);
  }

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, err.toString());
  }
}
