package dev.orders.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay to a real server, so a test can make that server unreachable for the
 * service under test ({@link #close()}: the port refuses, open connections are cut) without
 * stopping the server other tests share.
 */
public final class TcpProxy {

  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();

  private TcpProxy(NetServer server, NetClient client) {
    this.server = server;
    this.client = client;
  }

  /** Listens on a free loopback port and relays every connection to {@code targetPort}. */
  public static TcpProxy start(Vertx vertx, String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(vertx.createNetServer(), vertx.createNetClient());
    proxy.server.connectHandler(in -> proxy.relay(in, targetHost, targetPort));
    TestServer.await(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Stops listening and cuts every relayed connection. */
  public Future<Void> close() {
    sockets.forEach(NetSocket::close);
    return Future.join(server.close(), client.close()).mapEmpty();
  }

  private void relay(NetSocket in, String targetHost, int targetPort) {
    in.pause();
    client.connect(targetPort, targetHost).onSuccess(out -> {
      sockets.add(in);
      sockets.add(out);
      in.pipeTo(out);
      out.pipeTo(in);
    }).onFailure(err -> in.close());
  }
}
