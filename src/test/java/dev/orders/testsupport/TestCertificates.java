package dev.orders.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority in a temporary directory, made with the openssl command line
 * (on every machine this project builds on): a CA, and server or client certificates it signs,
 * each with the serial number the test chooses, as PEM files.
 */
public final class TestCertificates implements AutoCloseable {

  public final Path dir;
  public final Path caCert;
  private final Path caKey;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.caCert = dir.resolve("ca.crt");
    this.caKey = dir.resolve("ca.key");
  }

  /** A new CA named {@code name}. */
  public static TestCertificates authority(String name) {
    try {
      TestCertificates ca = new TestCertificates(Files.createTempDirectory("orders-tls-"));
      openssl(ca.dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
          "-keyout", ca.caKey.toString(), "-out", ca.caCert.toString());
      return ca;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate and key for {@code 127.0.0.1}/{@code localhost}, signed by this CA: {@code name.crt}, {@code name.key}. */
  public Pem issue(String name, long serial) {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".crt");
    Path ext = dir.resolve(name + ".ext");
    try {
      Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", key.toString(),
        "-out", csr.toString());
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
        "-set_serial", Long.toString(serial), "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
    return new Pem(cert, key);
  }

  /** A certificate file and its private key file. */
  public record Pem(Path cert, Path key) {
    /** Copies both over {@code target}'s files (how a renewal lands on disk). */
    public void copyOver(Pem target) {
      try {
        Files.copy(key, target.key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(cert, target.cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Deletes the directory and everything made in it. */
  @Override
  public void close() {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the openssl command is needed to make test certificates", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
