package dev.orders.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where tests get the shared Redis: a Testcontainers container when a Docker engine answers,
 * otherwise the server on 127.0.0.1:6379 (TEST_REDIS_HOST, TEST_REDIS_PORT). Tests use their
 * own key prefix on it and delete only keys under that prefix. Fault tests start a
 * {@link RedisProcess} of their own instead.
 */
public final class TestRedis {

  public static final String HOST;
  public static final int PORT;

  static {
    if (!"env".equalsIgnoreCase(System.getenv("TEST_INFRA")) && TestPostgres.dockerAvailable()) {
      GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
      redis.start();
      HOST = redis.getHost();
      PORT = redis.getMappedPort(6379);
    } else {
      HOST = TestPostgres.env("TEST_REDIS_HOST", "127.0.0.1");
      PORT = Integer.parseInt(TestPostgres.env("TEST_REDIS_PORT", "6379"));
    }
  }

  private TestRedis() {}

  public static String url() {
    return "redis://" + HOST + ":" + PORT;
  }

  /** Deletes the keys under a prefix this run created (redis-cli, as on CI machines). */
  public static void deleteKeys(String prefix) {
    List<String> keys = redisCli(HOST, PORT, "--scan", "--pattern", prefix + "*");
    for (int i = 0; i < keys.size(); i += 500) {
      List<String> args = new ArrayList<>(List.of("DEL"));
      args.addAll(keys.subList(i, Math.min(keys.size(), i + 500)));
      redisCli(HOST, PORT, args.toArray(String[]::new));
    }
  }

  /** Runs redis-cli against host:port and returns its output lines. */
  public static List<String> redisCli(String host, int port, String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", host, "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    } catch (IOException e) {
      throw new IllegalStateException("redis-cli: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
