package dev.ssokit.internal.limit;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The client IP address of a request: the direct peer, unless the peer is a configured trusted
 * proxy; then the right-most address of {@code Forwarded} (RFC 7239 §5.2 {@code for=}) or else
 * {@code X-Forwarded-For} that is not itself a trusted proxy.
 *
 * <p>IMPORTANT: headers from an untrusted peer are ignored (anyone can send them); only IP literals
 * are read (never a DNS lookup); an unparsable or obfuscated hop ({@code unknown}, {@code _hidden},
 * RFC 7239 §6) ends the walk at the trusted proxy that reported it.
 */
public final class ClientAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** One trusted address or CIDR block. */
  private record Range(byte[] network, int prefixBits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  /** The client address of the request this thread is answering; set by {@link LimitedEndpoint}. */
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final List<Range> trusted;

  private ClientAddress(List<Range> trusted) {
    this.trusted = trusted;
  }

  /**
   * Trusting the given addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}, ...);
   * {@link IllegalArgumentException} naming the entry when one is not an IP literal or CIDR.
   */
  public static ClientAddress trusting(List<String> proxies) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : proxies) {
      ranges.add(range(entry));
    }
    return new ClientAddress(List.copyOf(ranges));
  }

  private static Range range(String entry) {
    String e = entry == null ? "" : entry.trim();
    int slash = e.indexOf('/');
    byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR block: " + entry);
    }
    int bits = address.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(e.substring(slash + 1));
      } catch (NumberFormatException x) {
        bits = -1;
      }
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException("not a valid CIDR prefix length: " + entry);
      }
    }
    return new Range(address, bits);
  }

  /**
   * The bytes of an IPv4 or IPv6 literal (in brackets too, as some containers report IPv6 peers),
   * or {@code null}; never resolves a name.
   */
  static byte[] literal(String address) {
    String text = address != null && address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1) : address;
    if (text == null || text.isEmpty() || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
      return null;
    }
    try {
      // Only literals reach this (checked above), so no DNS lookup happens.
      byte[] bytes = InetAddress.getByName(text).getAddress();
      return ipv4Mapped(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** {@code ::ffff:a.b.c.d} is the IPv4 address a.b.c.d (dual-stack sockets report it so). */
  private static byte[] ipv4Mapped(byte[] bytes) {
    if (bytes.length != 16) {
      return bytes;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return bytes;
      }
    }
    if (bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
      return bytes;
    }
    return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
  }

  private boolean isTrusted(byte[] address) {
    for (Range r : trusted) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The client address of {@code request} (see the class comment); {@code null} when the peer is unknown. */
  public String resolve(HTTPRequest request) {
    String peer = request.getClientIPAddress();
    if (trusted.isEmpty()) {
      return peer;
    }
    byte[] peerBytes = literal(peer);
    if (peerBytes == null || !isTrusted(peerBytes)) {
      return peer;
    }
    List<String> hops = forwardedFor(request.getHeaderValues("Forwarded"));
    if (hops.isEmpty()) {
      hops = xForwardedFor(request.getHeaderValues("X-Forwarded-For"));
    }
    String client = peer;
    // Right to left: each trusted hop vouches for the address to its left; the first untrusted one is the client.
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] hop = literal(hops.get(i));
      if (hop == null) {
        return client;
      }
      client = hops.get(i);
      if (!isTrusted(hop)) {
        return client;
      }
    }
    return client;
  }

  /** The {@code for=} values of every {@code Forwarded} header, in order (RFC 7239 §4). */
  static List<String> forwardedFor(List<String> headers) {
    List<String> out = new ArrayList<>();
    if (headers == null) {
      return out;
    }
    for (String header : headers) {
      for (String element : header.split(",")) {
        String node = null;
        for (String pair : element.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
            node = node(pair.substring(eq + 1).trim());
          }
        }
        // An element without for= hides its client: an unparsable hop.
        out.add(node == null ? "" : node);
      }
    }
    return out;
  }

  /** RFC 7239 §6: {@code "[2001:db8::1]:4711"} → {@code 2001:db8::1}; {@code 192.0.2.1:80} → {@code 192.0.2.1}. */
  private static String node(String value) {
    String v = value;
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      return end < 0 ? "" : v.substring(1, end);
    }
    int colon = v.indexOf(':');
    return colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
  }

  /** The addresses of every {@code X-Forwarded-For} header, in order. */
  static List<String> xForwardedFor(List<String> headers) {
    List<String> out = new ArrayList<>();
    if (headers == null) {
      return out;
    }
    for (String header : headers) {
      for (String hop : header.split(",")) {
        out.add(node(hop.trim()));
      }
    }
    return out;
  }

  /**
   * The client address of the request the calling thread is answering, or {@code null} outside a
   * request: for audit events written deep inside a grant, which sees no HTTP request.
   */
  public static String current() {
    return CURRENT.get();
  }

  static void setCurrent(String address) {
    if (address == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(address);
    }
  }

  /**
   * The key under which limits count an address: IPv4 as is, IPv6 by its /64 (one subscriber's
   * network, RFC 6177), so rotating through one prefix does not multiply an attacker's budget.
   */
  public static String limitKey(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return address == null ? "unknown" : address;
    }
    if (bytes.length == 4) {
      return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      b.append(String.format(Locale.ROOT, "%02x%02x:", bytes[i], bytes[i + 1]));
    }
    return b.append(":/64").toString();
  }
}
