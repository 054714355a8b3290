package dev.ssokit.example.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local TCP forwarder (here: to Redis) that a test can cut (every open connection is closed and
 * new ones are closed on accept) and restore, to play an outage without stopping the server.
 *
 * <p>A copy of sso-cache-redis' test helper: test classes are not shared between modules.
 */
final class CuttableTcpProxy implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int BUFFER_BYTES = 16 * 1024;

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  CuttableTcpProxy(String targetHost, int targetPort) throws IOException {
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Closes every forwarded connection; until {@link #restore()}, new ones are closed on accept. */
  void cut() {
    cut = true;
    open.forEach(CuttableTcpProxy::closeQuietly);
    open.clear();
  }

  /** Forwards new connections again. */
  void restore() {
    cut = false;
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // the server socket was closed by close(): the proxy is done
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        // the real server is unreachable: the client sees a closed connection, like an outage
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[BUFFER_BYTES];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
        closePair(from, to); // end of stream: pass the close on
      } catch (IOException e) {
        closePair(from, to); // one side broke or was cut: the other side must see it too
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void closePair(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    open.remove(a);
    open.remove(b);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      System.err.println("proxy: closing a socket failed: " + e);
    }
  }
}
