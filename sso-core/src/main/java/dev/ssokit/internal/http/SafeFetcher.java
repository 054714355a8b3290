package dev.ssokit.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches a URL on a client's behalf ({@code jwks_uri}, {@code logo_uri}, {@code sector_identifier_uri})
 * without letting the client aim the provider at its own network (server-side request forgery):
 * https only; the host is resolved once and every address is checked (no loopback, private,
 * link-local, site-local, multicast, unspecified or unique-local address), then the connection goes
 * to that checked address, so a second DNS answer cannot swap it (DNS rebinding); each redirect is
 * checked the same way; the body is bounded in size and the whole exchange in time.
 *
 * <p>IMPORTANT: {@link #allowingLoopbackForTests} lifts the scheme and address rules for loopback
 * only, for tests against a local server; never use it in production.
 */
public final class SafeFetcher {
  /** Largest body read; a larger one is refused (a JWK Set or a sector document is a few KiB). */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;
  /** Longest wait for a connection, and for each read. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  /** Redirects followed at most, each checked like the first URL. */
  public static final int MAX_REDIRECTS = 3;
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final int maxBytes;
  private final Duration timeout;
  private final boolean allowLoopback;

  private SafeFetcher(int maxBytes, Duration timeout, boolean allowLoopback) {
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.allowLoopback = allowLoopback;
  }

  /** The production fetcher: https to public addresses only. */
  public static SafeFetcher create() {
    return new SafeFetcher(DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, false);
  }

  /** A fetcher that also reaches plain-http loopback servers: tests only. */
  public static SafeFetcher allowingLoopbackForTests() {
    return new SafeFetcher(DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, true);
  }

  /** A body fetched with status 200. */
  public record Response(String contentType, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Refused or failed fetch; the message names the reason, never the response body. */
  public static final class FetchException extends IOException {
    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
      super(message);
    }
  }

  /** GETs {@code url} (following checked redirects) and answers the body of a 200. */
  public Response get(URI url) throws FetchException {
    long deadline = System.nanoTime() + timeout.toNanos() * 2;
    URI current = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Target target = check(current);
      Raw raw = exchange(target, deadline);
      if (raw.status >= 300 && raw.status < 400 && raw.location != null) {
        try {
          current = current.resolve(raw.location.trim());
        } catch (IllegalArgumentException e) {
          throw new FetchException("malformed redirect location");
        }
        continue;
      }
      if (raw.status != 200) {
        throw new FetchException("answered HTTP " + raw.status);
      }
      return new Response(raw.contentType, raw.body);
    }
    throw new FetchException("more than " + MAX_REDIRECTS + " redirects");
  }

  private record Target(URI uri, String host, int port, boolean https, InetAddress address) {}

  /** Checks scheme, host and every resolved address; answers the address to connect to. */
  private Target check(URI uri) throws FetchException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      throw new FetchException("not an absolute URL with a host");
    }
    if (!scheme.equals("https") && !(allowLoopback && scheme.equals("http"))) {
      throw new FetchException("only https URLs are fetched");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new FetchException("host does not resolve");
    }
    for (InetAddress a : addresses) {
      if (forbidden(a)) {
        throw new FetchException("host resolves to a non-public address");
      }
    }
    boolean https = scheme.equals("https");
    if (!https && !addresses[0].isLoopbackAddress()) {
      throw new FetchException("only https URLs are fetched");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
    return new Target(uri, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port, https,
        addresses[0]);
  }

  private boolean forbidden(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return !allowLoopback;
    }
    if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      // RFC 4193 unique local fc00::/7; IPv4-mapped ::ffff:a.b.c.d checked as the IPv4 address
      if ((b[0] & 0xfe) == 0xfc) {
        return true;
      }
      if (isMapped(b)) {
        try {
          return forbidden(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      return false;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    // 0/8 "this network", 100.64/10 carrier-grade NAT (RFC 6598), 192.0.0/24, 198.18/15 benchmarking, 240/4 reserved
    return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0
        && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19)) || first >= 240;
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private record Raw(int status, String location, String contentType, byte[] body) {}

  /** One HTTP/1.1 GET on a connection to the checked address (TLS with SNI and host name verification). */
  private Raw exchange(Target t, long deadline) throws FetchException {
    int timeoutMillis = (int) timeout.toMillis();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(t.address(), t.port()), timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      Socket socket = plain;
      if (t.https()) {
        // the JVM's default TLS context, loaded at the first https fetch (its trust store costs ~200 ms)
        SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, t.host(), t.port(), false);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!t.host().contains(":") && !t.host().matches("[0-9.]+")) {
          params.setServerNames(List.of(new SNIHostName(t.host())));
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        socket = ssl;
      }
      String path = t.uri().getRawPath() == null || t.uri().getRawPath().isEmpty() ? "/" : t.uri().getRawPath();
      if (t.uri().getRawQuery() != null) {
        path += "?" + t.uri().getRawQuery();
      }
      String hostHeader = t.uri().getRawAuthority();
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json, */*\r\n"
          + "Accept-Encoding: identity\r\nConnection: close\r\nUser-Agent: ssokit\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(new Bounded(socket.getInputStream(), deadline));
    } catch (FetchException e) {
      throw e;
    } catch (IOException e) {
      throw new FetchException("connection failed: " + e.getClass().getSimpleName());
    }
  }

  private Raw read(Bounded in) throws IOException {
    String statusLine = in.line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new FetchException("not an HTTP/1.1 answer");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new FetchException("not an HTTP/1.1 answer");
    }
    String location = null;
    String contentType = null;
    long length = -1;
    boolean chunked = false;
    int headerBytes = 0;
    for (String line = in.line(); !line.isEmpty(); line = in.line()) {
      headerBytes += line.length();
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new FetchException("headers too large");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "location" -> location = value;
        case "content-type" -> contentType = value;
        case "content-length" -> length = parseLength(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> { }
      }
    }
    if (status != 200) {
      return new Raw(status, location, contentType, new byte[0]);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      while (true) {
        String sizeLine = in.line();
        int semi = sizeLine.indexOf(';');
        long size = parseHex(semi >= 0 ? sizeLine.substring(0, semi) : sizeLine);
        if (size == 0) {
          break;
        }
        copy(in, body, size);
        in.line();
      }
    } else if (length >= 0) {
      copy(in, body, length);
    } else {
      copy(in, body, Long.MAX_VALUE);
    }
    return new Raw(status, location, contentType, body.toByteArray());
  }

  private void copy(Bounded in, ByteArrayOutputStream body, long count) throws IOException {
    long left = count;
    while (left > 0) {
      int b = in.read();
      if (b < 0) {
        if (count == Long.MAX_VALUE) {
          return;
        }
        throw new FetchException("body ended early");
      }
      body.write(b);
      if (body.size() > maxBytes) {
        throw new FetchException("body larger than " + maxBytes + " bytes");
      }
      left--;
    }
  }

  private static long parseLength(String value) throws FetchException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new FetchException("malformed Content-Length");
    }
  }

  private static long parseHex(String value) throws FetchException {
    try {
      return Long.parseLong(value.trim(), 16);
    } catch (NumberFormatException e) {
      throw new FetchException("malformed chunk size");
    }
  }

  /** A buffered reader of bytes that gives up at the deadline. */
  private static final class Bounded {
    private final InputStream in;
    private final long deadline;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int end;

    Bounded(InputStream in, long deadline) {
      this.in = in;
      this.deadline = deadline;
    }

    int read() throws IOException {
      if (pos == end) {
        if (System.nanoTime() > deadline) {
          throw new FetchException("took too long");
        }
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          return -1;
        }
      }
      return buffer[pos++] & 0xff;
    }

    String line() throws IOException {
      StringBuilder s = new StringBuilder();
      for (int b = read(); b != '\n'; b = read()) {
        if (b < 0) {
          throw new FetchException("connection closed mid-answer");
        }
        if (s.length() > MAX_HEADER_BYTES) {
          throw new FetchException("line too long");
        }
        if (b != '\r') {
          s.append((char) b);
        }
      }
      return s.toString();
    }
  }
}
