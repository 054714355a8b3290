package dev.ssokit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP forwarder that a test can cut and restore, to play a network outage of a server
 * (PostgreSQL, Redis, ...) without stopping the server. {@link #cut()} closes every forwarded
 * connection and, until {@link #restore()}, closes new ones as soon as they are accepted; a target
 * that does not answer within {@value #CONNECT_TIMEOUT_MILLIS} ms looks the same to the client.
 *
 * <p>IMPORTANT: for tests only; pure JDK, one daemon thread per direction per connection.
 */
public final class TcpProxy implements AutoCloseable {
  static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int BUFFER_BYTES = 16 * 1024;

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads;
  private volatile boolean cut;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tcp-proxy-" + server.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    threads.execute(this::acceptLoop);
  }

  /** Listens on a free loopback port and forwards every connection to {@code targetHost:targetPort}. */
  public static TcpProxy start(String targetHost, int targetPort) throws IOException {
    return new TcpProxy(targetHost, targetPort);
  }

  /** The loopback port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Closes every forwarded connection; until {@link #restore()}, new ones are closed on accept. */
  public void cut() {
    cut = true;
    open.forEach(this::closeQuietly);
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
    threads.shutdownNow();
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
      if (cut) { // cut() ran while we connected
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      threads.execute(() -> pipe(client, upstream));
      threads.execute(() -> pipe(upstream, client));
    }
  }

  /** Copies {@code from} to {@code to} until either side ends or breaks, then ends the whole connection. */
  private void pipe(Socket from, Socket to) {
    try {
      copy(from.getInputStream(), to.getOutputStream());
    } catch (IOException cutOrClosed) {
      // one side broke or was cut: the other side must see the end too
    }
    closeQuietly(from);
    closeQuietly(to);
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      System.err.println("tcp-proxy: closing a socket failed: " + e);
    }
  }
}
