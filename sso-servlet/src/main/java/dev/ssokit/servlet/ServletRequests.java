package dev.ssokit.servlet;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The provider's view ({@link HTTPRequest}) of a servlet request: method, URL with its query, headers, client
 * address, TLS client certificate, and the body as the client sent it.
 *
 * <p>The OAuth library's {@code JakartaServletUtils} rebuilt a form body from the container's parsed parameters:
 * the container parsed the form, the library encoded it again, and the provider parsed it once more, about a
 * tenth of a token request's CPU. Here the body's bytes are read once and decoded (the {@code charset} of its
 * {@code Content-Type}, else UTF-8, malformed bytes refused); a form body must be well-formed (every {@code %}
 * followed by two hex digits), as the container required. A form body an earlier filter of the host already
 * consumed (by reading a parameter) is taken from the container's parameters, as before.
 */
final class ServletRequests {
  /** The request attribute of a TLS client's certificate chain (Servlet 6 §3.9). */
  private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
  private static final String FORM = "application/x-www-form-urlencoded";

  private ServletRequests() {}

  /**
   * The request as the provider reads it.
   *
   * @param request a request for one of the provider's endpoints, of method GET, POST, PUT or DELETE
   * @param maxBodyBytes the largest body read; a longer one is refused
   * @return the request
   * @throws IOException when the body is longer than {@code maxBodyBytes}, cannot be read, or is not text in its
   *     declared charset, or a form body is malformed
   * @throws IllegalArgumentException when the method, URL or {@code Content-Type} cannot be represented
   */
  static HTTPRequest toHttpRequest(HttpServletRequest request, int maxBodyBytes) throws IOException {
    HTTPRequest.Method method = HTTPRequest.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT));
    HTTPRequest r = new HTTPRequest(method, url(request));
    try {
      r.setContentType(request.getContentType());
    } catch (ParseException e) {
      throw new IllegalArgumentException("malformed Content-Type", e);
    }
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      List<String> values = new ArrayList<>(1);
      for (Enumeration<String> v = request.getHeaders(name); v.hasMoreElements(); ) {
        values.add(v.nextElement());
      }
      if (!values.isEmpty()) {
        r.setHeader(name, values.toArray(new String[0]));
      }
    }
    if (method == HTTPRequest.Method.POST || method == HTTPRequest.Method.PUT) {
      r.setBody(body(request, r.getEntityContentType(), maxBodyBytes));
    }
    if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
      X509Certificate cert = chain[0];
      r.setClientX509Certificate(cert);
      r.setClientX509CertificateSubjectDN(cert.getSubjectX500Principal().getName());
      if (cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        r.setClientX509CertificateRootDN(cert.getIssuerX500Principal().getName());
      }
    }
    r.setClientIPAddress(request.getRemoteAddr());
    return r;
  }

  /**
   * The request URL with the local address as host (never the client's {@code Host} header: the provider only
   * reads path and query, and names itself by its configured issuer), the request path and the query as sent.
   */
  private static URL url(HttpServletRequest request) {
    boolean secure = request.isSecure();
    StringBuilder url = new StringBuilder(64).append(secure ? "https://" : "http://");
    String local = request.getLocalAddr();
    if (local != null && !local.isBlank()) {
      url.append(local.indexOf(':') >= 0 && !local.startsWith("[") ? "[" + local + "]" : local);
    } else {
      url.append("localhost");
    }
    int port = request.getLocalPort();
    if (port > 0 && port != (secure ? 443 : 80)) {
      url.append(':').append(port);
    }
    url.append(request.getRequestURI());
    String query = request.getQueryString();
    if (query != null && !query.isBlank()) {
      url.append('?').append(query);
    }
    try {
      return new URL(url.toString());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("malformed request URL", e);
    }
  }

  private static String body(HttpServletRequest request, ContentType type, int maxBodyBytes) throws IOException {
    boolean form = isForm(request.getContentType());
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(maxBodyBytes + 1);
    } catch (IllegalStateException e) {
      // an earlier filter read the body through getReader
      bytes = null;
    }
    if (bytes != null && bytes.length > maxBodyBytes) {
      throw new IOException("request body too large");
    }
    if (form && (bytes == null || bytes.length == 0)) {
      // an earlier filter may have consumed the form (getParameter): the container kept its parameters
      return URLUtils.serializeParametersAlt(request.getParameterMap());
    }
    if (bytes == null) {
      throw new IOException("request body already read");
    }
    String text = decode(bytes, charset(type));
    if (form) {
      checkPercentEncoding(text);
    }
    return text;
  }

  private static boolean isForm(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM);
  }

  /** The {@code charset} parameter of {@code type}, else UTF-8 (RFC 8259 for JSON; forms are ASCII). */
  private static Charset charset(ContentType type) throws IOException {
    if (type == null) {
      return StandardCharsets.UTF_8;
    }
    for (ContentType.Parameter parameter : type.getParameters()) {
      if ("charset".equalsIgnoreCase(parameter.getName())) {
        String name = parameter.getValue().trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new IOException("unsupported charset");
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String decode(byte[] bytes, Charset charset) throws IOException {
    try {
      return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException("request body is not text in its charset");
    }
  }

  /** A form body's {@code %} must start a triplet of two hex digits (WHATWG URL, application/x-www-form-urlencoded). */
  private static void checkPercentEncoding(String form) throws IOException {
    for (int i = form.indexOf('%'); i >= 0; i = form.indexOf('%', i + 1)) {
      if (i + 2 >= form.length() || !isHex(form.charAt(i + 1)) || !isHex(form.charAt(i + 2))) {
        throw new IOException("malformed percent-encoding in the form body");
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
