package dev.ssokit.example.standalone;

import dev.ssokit.SsoProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The standalone server's admin calls, authenticated by the bearer secret {@code SSO_ADMIN_TOKEN}:
 * {@code POST {issuer}/admin/keys/rotate} publishes a new signing key (RFC 6750 bearer
 * authentication; {@code ?activate=now} makes it sign at once).
 *
 * <p>IMPORTANT: registered only when {@code SSO_ADMIN_TOKEN} is set; the token is compared in
 * constant time (as SHA-256 digests, so its length does not leak either).
 */
final class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String ROTATE_PATH = "/keys/rotate";

  private final transient SsoProvider provider;
  private final byte[] tokenDigest;

  AdminServlet(SsoProvider provider, String adminToken) {
    this.provider = provider;
    this.tokenDigest = sha256(adminToken);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    if (!ROTATE_PATH.equals(req.getPathInfo())) {
      answer(resp, 404, "{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}");
      return;
    }
    String authorization = req.getHeader("Authorization");
    // RFC 6750 §2.1: "Bearer" is case-insensitive
    if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || !MessageDigest.isEqual(sha256(authorization.substring(7).trim()), tokenDigest)) {
      // RFC 6750 §3: a missing or wrong token is a 401 with a challenge
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"ssokit-admin\"");
      answer(resp, 401, "{\"error\":\"invalid_token\",\"error_description\":\"a valid admin bearer token is required\"}");
      return;
    }
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      answer(resp, 405, "{\"error\":\"invalid_request\",\"error_description\":\"use POST\"}");
      return;
    }
    String activate = req.getParameter("activate");
    if (activate != null && !"now".equals(activate)) {
      answer(resp, 400, "{\"error\":\"invalid_request\",\"error_description\":\"activate: only now is supported\"}");
      return;
    }
    boolean now = activate != null;
    String kid = now ? provider.rotateSigningKeyNow() : provider.rotateSigningKey();
    answer(resp, 200, "{\"kid\":\"" + kid + "\",\"signing\":" + now + "}");
  }

  private static void answer(HttpServletResponse resp, int status, String json) throws IOException {
    resp.setStatus(status);
    resp.getWriter().write(json);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
