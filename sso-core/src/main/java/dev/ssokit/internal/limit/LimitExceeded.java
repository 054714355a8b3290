package dev.ssokit.internal.limit;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.page.PageRenderer;
import java.util.Locale;
import java.util.Map;

/**
 * Ends a request that an abuse limit refused: 429 when a rate limit or a login back-off is exceeded,
 * 503 when the slow-hash capacity is exhausted. Both answer {@code Retry-After} (RFC 9110 §10.2.3).
 *
 * <p>IMPORTANT: JSON endpoints answer {@code temporarily_unavailable} (RFC 6749 §4.1.2.1 / §5.2 has
 * no rate-limit code; {@code slow_down} belongs to the device grant's polling, RFC 8628 §3.5), and
 * browser endpoints the error page. {@code SsoProvider.handle} maps it for every endpoint.
 */
public final class LimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** RFC 6585 §4. */
  public static final int TOO_MANY_REQUESTS = 429;
  public static final int SERVICE_UNAVAILABLE = 503;

  private final int status;
  private final long retryAfterSeconds;
  /** The error page's message keys ({@code error.title.*}, {@code error.text.*}). */
  private final String pageMessage;

  private LimitExceeded(int status, long retryAfterSeconds, String pageMessage, String description) {
    super(description, null, false, false);
    this.status = status;
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    this.pageMessage = pageMessage;
  }

  /** 429: too many requests (or failures) for one key; retry after {@code seconds}. */
  public static LimitExceeded tooManyRequests(long seconds, String description) {
    return new LimitExceeded(TOO_MANY_REQUESTS, seconds, "too_many_attempts", description);
  }

  /** 503: the server is at its capacity for slow work (password hashing); retry after {@code seconds}. */
  public static LimitExceeded overloaded(long seconds) {
    return new LimitExceeded(SERVICE_UNAVAILABLE, seconds, "busy", "The server is busy. Try again in a moment.");
  }

  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * The answer: the error page in {@code locale} when {@code pages} is given (browser endpoints), else
   * OAuth error JSON; both with {@code Retry-After}.
   */
  public HTTPResponse toResponse(PageRenderer pages, Locale locale) {
    HTTPResponse r = pages != null
        ? pages.error(locale, status, pageMessage, pageMessage, Map.of("seconds", retryAfterSeconds))
        : Responses.error(new ErrorObject(OAuth2Error.TEMPORARILY_UNAVAILABLE.getCode(), getMessage(), status));
    r.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    return r;
  }
}
