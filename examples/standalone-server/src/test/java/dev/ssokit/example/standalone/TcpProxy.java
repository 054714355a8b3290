package dev.ssokit.example.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP forwarder that a test can cut (every open connection closed, new ones refused
 * by closing them at once) and restore, to simulate a database outage without stopping the database.
 *
 * <p>IMPORTANT: for tests only; one thread per direction per connection.
 */
final class TcpProxy implements AutoCloseable {
  private static final int BUFFER_BYTES = 16 * 1024;

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tcp-proxy");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean cut;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /** Listens on an ephemeral loopback port and forwards to {@code targetHost:targetPort}. */
  static TcpProxy start(String targetHost, int targetPort) throws IOException {
    return new TcpProxy(targetHost, targetPort);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Closes every forwarded connection and refuses new ones until {@link #restore}. */
  void cut() {
    cut = true;
    open.forEach(this::close);
  }

  /** Forwards new connections again. */
  void restore() {
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
        return; // the server socket was closed: the proxy is shut down
      }
      if (cut) {
        close(client);
        continue;
      }
      try {
        Socket upstream = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(upstream);
        if (cut) { // cut() ran while we connected
          close(client);
          close(upstream);
          continue;
        }
        threads.execute(() -> pipe(client, upstream));
        threads.execute(() -> pipe(upstream, client));
      } catch (IOException e) {
        close(client);
      }
    }
  }

  /** Copies {@code from} to {@code to} until either side ends, then ends the whole connection. */
  private void pipe(Socket from, Socket to) {
    try {
      copy(from.getInputStream(), to.getOutputStream());
    } catch (IOException cutOrClosed) {
      // either side was closed (or cut): the other side must see the end too
      close(to);
    }
    close(from);
    close(to);
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }

  private void close(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      throw new IllegalStateException("cannot close proxied socket", e);
    }
  }
}
