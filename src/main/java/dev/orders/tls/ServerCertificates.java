package dev.orders.tls;

import dev.orders.config.TransportConfig.TlsFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC port's certificates, read from PEM files and re-read while the server runs: when the
 * files' content changes (a renewed certificate, a rotated client CA), new connections get the
 * new ones without a restart. The options carry the bytes that were read, not the paths, so the
 * server uses exactly what was compared. A half-written set (new certificate, old key) fails to
 * load and is tried again at the next check; the server keeps the last good set meanwhile.
 */
public final class ServerCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(ServerCertificates.class);

  private final Vertx vertx;
  private final TlsFiles files;
  private final Duration checkInterval;
  private List<Buffer> applied = List.of();
  private long timer = -1;

  public ServerCertificates(Vertx vertx, TlsFiles files, Duration checkInterval) {
    this.vertx = vertx;
    this.files = files;
    this.checkInterval = checkInterval;
  }

  /** Reads the files once: the options the server starts with. */
  public Future<ServerSSLOptions> load() {
    return read().map(contents -> {
      applied = contents;
      return options(contents);
    });
  }

  /** Checks the files every interval from now on and hands changed ones to {@code server}. */
  public void watch(HttpServer server) {
    timer = vertx.setPeriodic(checkInterval.toMillis(), id -> read()
        .compose(contents -> contents.equals(applied) ? Future.succeededFuture() : apply(server, contents))
        .onFailure(err -> LOG.warn("TLS files not reloaded (keeping the current certificate): {}", err.getMessage())));
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private Future<Void> apply(HttpServer server, List<Buffer> contents) {
    // force: the options compare equal to the current ones whenever only the file content changed
    return server.updateSSLOptions(options(contents), true).map(updated -> {
      applied = contents;
      LOG.info("TLS certificate reloaded from {}", files.cert());
      return null;
    });
  }

  private Future<List<Buffer>> read() {
    List<Path> paths = files.clientCa().map(ca -> List.of(files.cert(), files.key(), ca))
        .orElse(List.of(files.cert(), files.key()));
    return Future.all(paths.stream().map(p -> vertx.fileSystem().readFile(p.toString())).toList())
        .map(all -> all.<Buffer>list());
  }

  private ServerSSLOptions options(List<Buffer> contents) {
    ServerSSLOptions options = new ServerSSLOptions()
        .setUseAlpn(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(contents.get(0)).setKeyValue(contents.get(1)));
    Optional.of(contents).filter(c -> c.size() == 3).ifPresent(c -> options
        .setTrustOptions(new PemTrustOptions().addCertValue(c.get(2)))
        .setClientAuth(ClientAuth.REQUIRED));
    return options;
  }
}
