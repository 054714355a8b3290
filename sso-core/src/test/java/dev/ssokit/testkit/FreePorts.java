package dev.ssokit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port for a server a test starts a little later (a child process, a Spring application told its
 * port in advance). Chosen below Linux's ephemeral range (32768-60999): a port from that range, as
 * {@code new ServerSocket(0)} gives, can meanwhile become the source port of an outgoing connection of the same
 * machine (seen in CI: "Port ... is already in use" when the server then bound it).
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int COUNT = 12_000;

  private FreePorts() {}

  /** A port between 20000 and 31999 that nothing listened on when asked. */
  public static int belowEphemeralRange() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port between 20000 and 31999"));
  }
}
