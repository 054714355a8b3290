package dev.ssokit.internal.metrics;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.ssokit.spi.ProviderMetrics;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Reads the outcome of each answered request for {@link ProviderMetrics}: an OAuth error (its code,
 * from the JSON body or the redirect back to the client), a client authentication failure. Only
 * answers are read, so no endpoint carries measuring code, and a success costs nothing. Issued tokens
 * are counted from the token endpoint's usage report ({@link MeteredTokenUsage}).
 */
public final class ResponseMetrics {
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
  private static final String LOGIN = "interaction/login";

  private final ProviderMetrics metrics;
  private final String basePath;

  public ResponseMetrics(ProviderMetrics metrics, String basePath) {
    this.metrics = metrics;
    this.basePath = basePath;
  }

  /** Reports the answer {@code response} to {@code request}; never throws. */
  public void answered(HTTPRequest request, HTTPResponse response) {
    if (metrics == ProviderMetrics.NONE) {
      return;
    }
    String path = request.getURL().getPath();
    if (path == null || !path.startsWith(basePath + "/")) {
      return;
    }
    String endpoint = path.substring(basePath.length() + 1);
    int status = response.getStatusCode();
    if (status == 200 && endpoint.equals("token")) {
      return; // counted by the token endpoint's usage report (MeteredTokenUsage), which knows grant and client
    }
    String error = error(response);
    if (error == null) {
      if (status < 400 || endpoint.equals(LOGIN)) {
        return; // a success; the login form's 401 and 429 are counted as logins
      }
      error = "http_" + status;
    }
    metrics.errorAnswered(endpoint, error);
    if (error.equals("invalid_client")) {
      metrics.clientAuthenticationFailed(endpoint);
    }
  }

  /** The OAuth error code of an error answer: its JSON "error", or the "error" of the redirect back to the client. */
  private static String error(HTTPResponse response) {
    String code = null;
    String type = response.getHeaderValue("Content-Type");
    if (response.getStatusCode() >= 400 && type != null && type.startsWith("application/json")) {
      try {
        code = JSONObjectUtils.getString(response.getBodyAsJSONObject(), "error", null);
      } catch (ParseException e) {
        return null;
      }
    } else if (response.getStatusCode() >= 300 && response.getStatusCode() < 400 && response.getLocation() != null) {
      URI location = response.getLocation();
      String parameters = location.getRawFragment() != null ? location.getRawFragment() : location.getRawQuery();
      code = parameters == null ? null : MultivaluedMapUtils.getFirstValue(URLUtils.parseParameters(parameters), "error");
    }
    // only what looks like an OAuth error code becomes a tag value: bounded, never a reflected input
    return code != null && ERROR_CODE.matcher(code).matches() ? code : null;
  }
}
