package dev.ssokit.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.AccessTokenCheck;
import dev.ssokit.SsoProvider;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.spi.StoreException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects the host's own API paths with this provider's access tokens (RFC 6750): the request
 * must carry {@code Authorization: Bearer <token>}, valid now (signature, expiry, revocation), for
 * the configured audience and with the required scopes. The verified token is then available to
 * the application as the request attribute {@link #TOKEN_ATTRIBUTE}. A token in the URI query
 * (RFC 6750 §2.3, dropped by OAuth 2.1) is refused with 400 {@code invalid_request}.
 *
 * <p>IMPORTANT: failures are answered here with RFC 6750 §3 {@code WWW-Authenticate} errors; the
 * chain is never called for them. When the token cannot be checked because the cache or store is
 * unreachable, the answer is 503 {@code temporarily_unavailable} with {@code Retry-After}.
 */
public final class BearerTokenFilter implements Filter {
  /** Request attribute holding the {@link VerifiedAccessToken}. */
  public static final String TOKEN_ATTRIBUTE = VerifiedAccessToken.class.getName();
  /** {@code Retry-After} of the 503 answered while the cache cannot be reached (as SsoProvider's endpoints). */
  static final int RETRY_AFTER_SECONDS = 5;
  /** Algorithms of DPoP proofs the provider verifies (RFC 9449 §7.1 {@code algs}). */
  static final List<String> DPOP_ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);

  /** RFC 9728 §3: the well-known path prefix of protected resource metadata. */
  public static final String RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

  private final SsoProvider provider;
  private final String audience;
  private final Set<String> requiredScopes;
  /** Path (within the host's context) and URL of this API's RFC 9728 metadata, or {@code null} when the audience is no URL. */
  private final String metadataPath;
  private final String metadataUrl;
  private final String metadataJson;

  /**
   * A filter that accepts tokens for {@code audience} granted every one of {@code requiredScopes}.
   *
   * @param provider       verifies the tokens; not null
   * @param audience       the {@code aud} value tokens must carry (the issuer by default; an RFC 8707 resource otherwise)
   * @param requiredScopes scopes every request must have been granted; empty for none
   */
  public BearerTokenFilter(SsoProvider provider, String audience, Set<String> requiredScopes) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.requiredScopes = Set.copyOf(requiredScopes);
    URI resource = resourceUri(audience);
    if (resource == null) {
      metadataPath = null;
      metadataUrl = null;
      metadataJson = null;
    } else {
      // RFC 9728 §3.1: the well-known segment goes between the host and the resource's path
      String path = resource.getRawPath() == null ? "" : resource.getRawPath().replaceAll("/+$", "");
      metadataPath = RESOURCE_METADATA_PATH + path;
      metadataUrl = resource.getScheme() + "://" + resource.getRawAuthority() + metadataPath;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("resource", audience);
      m.put("authorization_servers", List.of(provider.settings().issuer().toString()));
      if (!this.requiredScopes.isEmpty()) {
        m.put("scopes_supported", this.requiredScopes.stream().sorted().toList());
      }
      m.put("bearer_methods_supported", List.of("header"));
      m.put("dpop_signing_alg_values_supported", DPOP_ALGORITHMS);
      metadataJson = JSONObjectUtils.toJSONString(m);
    }
  }

  private static URI resourceUri(String audience) {
    try {
      URI uri = new URI(audience);
      boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      return web && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null ? uri : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /**
   * The path, within the host's servlet context, at which this filter answers its RFC 9728 Protected
   * Resource Metadata (map the filter there too), or {@code null} when the audience is not a URL.
   *
   * @return the path, starting with {@code /}, or {@code null} when no metadata is served
   */
  public String resourceMetadataPath() {
    return metadataPath;
  }

  /**
   * The absolute URL of this API's RFC 9728 Protected Resource Metadata, which the filter's challenges name
   * in {@code resource_metadata}, or {@code null} when the audience is not a URL.
   *
   * @return the URL, or {@code null} when no metadata is served
   */
  public String resourceMetadataUrl() {
    return metadataUrl;
  }

  /**
   * A filter that accepts tokens for the provider's own issuer audience.
   *
   * @param provider verifies the tokens; not null
   * @param scopes   scopes every request must have been granted; none for any valid token
   * @return the filter
   */
  public static BearerTokenFilter requiringScopes(SsoProvider provider, String... scopes) {
    return new BearerTokenFilter(provider, provider.settings().issuer().toString(), Set.of(scopes));
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (metadataPath != null && metadataPath.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
      resourceMetadata(request, response);
      return;
    }
    if (carriesQueryToken(request)) {
      // OAuth 2.1 §5.2 / RFC 6750 §2.3: a token in the URI ends up in logs, history and Referer; OAuth 2.1
      // drops the query method, so such a request is malformed (RFC 6750 §3.1 invalid_request, 400).
      challenge(response, 400, "invalid_request", "access tokens are not accepted in the URI query");
      return;
    }
    String header = request.getHeader("Authorization");
    boolean dpop = header != null && header.regionMatches(true, 0, "DPoP ", 0, 5) && header.length() > 5;
    if (!dpop && (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() == 7)) {
      // RFC 6750 §3.1: no error code when the request has no credentials at all.
      challenge(response, 401, null, null);
      return;
    }
    String scheme = dpop ? "DPoP" : "Bearer";
    String value = header.substring(scheme.length() + 1).trim();
    AccessTokenCheck check;
    try {
      // RFC 9449 §7: a DPoP-bound token only with its proof, for this method and URL; an unbound one as bearer
      check = provider.checkAccessToken(scheme, value, singleProof(request), request.getMethod(),
          URI.create(request.getRequestURL().toString()));
    } catch (StoreException e) {
      // an unreachable cache (revocation list, opaque tokens) is a 503, never a 500; the
      // token is neither accepted nor called invalid, so the client retries instead of re-authenticating.
      LOG.warn("bearer token not checked, storage unavailable at {}: {}", request.getRequestURI(), e.getMessage());
      unavailable(response);
      return;
    }
    VerifiedAccessToken token = check.token();
    if (dpop && check.dpopNonce() != null) {
      // RFC 9449 §9: the nonce for the client's next proof, on refusals and answers alike
      response.setHeader("DPoP-Nonce", check.dpopNonce());
    }
    if (token == null || !token.hasAudience(audience)) {
      if (dpop) {
        dpopChallenge(response, token == null ? check.error() : AccessTokenCheck.INVALID_TOKEN);
        return;
      }
      challenge(response, 401, "invalid_token", "the access token is invalid, expired, revoked or not for this API");
      return;
    }
    if (!token.hasScopes(requiredScopes)) {
      challenge(response, 403, "insufficient_scope", "the access token lacks a required scope");
      return;
    }
    request.setAttribute(TOKEN_ATTRIBUTE, token);
    chain.doFilter(req, res);
  }

  /** The one {@code DPoP} header of the request, or {@code null} (none, or several: RFC 9449 §4.3 allows one). */
  private static String singleProof(HttpServletRequest request) {
    var values = request.getHeaders("DPoP");
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    return values.hasMoreElements() ? null : first;
  }

  /** RFC 9728 §3: the metadata document, public and cacheable, readable from any origin. */
  private void resourceMetadata(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!"GET".equals(request.getMethod())) {
      response.setStatus(405);
      response.setHeader("Allow", "GET");
      return;
    }
    response.setStatus(200);
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write(metadataJson);
  }

  /** RFC 9728 §5.1: where an RFC 9728 client finds this API's metadata, and through it the provider. */
  private String resourceMetadataParameter() {
    return metadataUrl == null ? "" : ", resource_metadata=\"" + metadataUrl + "\"";
  }

  /**
   * RFC 9449 §7.1: a DPoP challenge with the accepted algorithms; {@code error} is {@code invalid_token},
   * {@code invalid_dpop_proof} or (§9) {@code use_dpop_nonce}, the nonce then in {@code DPoP-Nonce}.
   */
  private void dpopChallenge(HttpServletResponse response, String error) throws IOException {
    String description = switch (error) {
      case AccessTokenCheck.USE_DPOP_NONCE -> "the DPoP proof must carry the nonce of the DPoP-Nonce header";
      case AccessTokenCheck.INVALID_DPOP_PROOF -> "the DPoP proof is missing, invalid or made with another key";
      default -> "the access token is invalid, expired, revoked or not for this API";
    };
    response.setStatus(401);
    response.setHeader("WWW-Authenticate", "DPoP error=\"" + error + "\", error_description=\"" + description
        + "\", algs=\"" + String.join(" ", DPOP_ALGORITHMS) + "\"" + resourceMetadataParameter());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
  }

  private static boolean carriesQueryToken(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      String name = pair.split("=", 2)[0];
      try {
        name = URLDecoder.decode(name, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        continue; // a broken escape is no parameter name
      }
      if (name.equals("access_token")) {
        return true;
      }
    }
    return false;
  }

  private static void unavailable(HttpServletResponse response) throws IOException {
    response.setStatus(503);
    response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write("{\"error\":\"temporarily_unavailable\","
        + "\"error_description\":\"storage is temporarily unavailable\"}");
  }

  private void challenge(HttpServletResponse response, int status, String error, String description)
      throws IOException {
    StringBuilder value = new StringBuilder("Bearer realm=\"").append(provider.settings().issuer()).append('"');
    if (error != null) {
      value.append(", error=\"").append(error).append("\", error_description=\"").append(description).append('"');
    }
    if (!requiredScopes.isEmpty()) {
      value.append(", scope=\"").append(String.join(" ", requiredScopes.stream().sorted().toList())).append('"');
    }
    value.append(resourceMetadataParameter());
    response.setStatus(status);
    response.setHeader("WWW-Authenticate", value.toString());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write(error == null ? "{\"error\":\"invalid_request\",\"error_description\":\"bearer token required\"}"
        : "{\"error\":\"" + error + "\",\"error_description\":\"" + description.toLowerCase(Locale.ROOT) + "\"}");
  }
}
