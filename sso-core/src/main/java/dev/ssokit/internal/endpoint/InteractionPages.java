package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.Interaction;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.token.OpaqueToken;
import java.util.Locale;
import java.util.Map;

/**
 * What the login, consent and resume endpoints share: finding the interaction of a request and
 * checking that the same browser, with the form's CSRF token, continues it.
 */
final class InteractionPages {
  private final AuthorizationFlow flow;
  private final PageRenderer pages;
  private final int maxParameterLength;

  /** An interaction found for this browser, or the page to answer instead. */
  record Lookup(Interaction interaction, Parameters params, HTTPResponse failure) {}

  InteractionPages(AuthorizationFlow flow, PageRenderer pages, int maxParameterLength) {
    this.flow = flow;
    this.pages = pages;
    this.maxParameterLength = maxParameterLength;
  }

  PageRenderer pages() {
    return pages;
  }

  AuthorizationFlow flow() {
    return flow;
  }

  /** The language of the interaction's pages: its {@code ui_locales}, then the browser's. */
  Locale locale(HTTPRequest request, Interaction interaction) {
    return pages.locale(request, interaction.request().uiLocales());
  }

  /**
   * Loads the interaction named by the request: GET, or POST of the page's form when
   * {@code formPosts} (then the CSRF token is checked too); any other method is a 405 page.
   */
  Lookup lookup(HTTPRequest request, boolean formPosts) {
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    // until the interaction (and its ui_locales) is known, the browser's languages decide
    Locale browser = pages.locale(request, null);
    if (!HTTPRequest.Method.GET.equals(request.getMethod()) && !(formPosts && post)) {
      return new Lookup(null, null, pages.error(browser, 405, "method_not_allowed",
          formPosts ? "method_form" : "method_link"));
    }
    Parameters params;
    try {
      params = Parameters.of(request, maxParameterLength);
    } catch (Parameters.BadRequest e) {
      return new Lookup(null, null, pages.error(browser, 400, "invalid_request", "malformed_form",
          Map.of("detail", e.getMessage())));
    }
    Interaction interaction = flow.interactions().find(params.get("interaction")).orElse(null);
    if (interaction == null) {
      return new Lookup(null, params, pages.error(browser, 400, "sign_in_expired", "interaction_expired"));
    }
    if (!flow.sameBrowser(interaction, request)) {
      return new Lookup(null, params, pages.error(locale(request, interaction), 403, "sign_in_not_allowed",
          "other_browser"));
    }
    if (HTTPRequest.Method.POST.equals(request.getMethod())
        && !OpaqueToken.equalsConstantTime(params.get("csrf_token"), interaction.csrfToken())) {
      return new Lookup(null, params, pages.error(locale(request, interaction), 403, "form_expired",
          "csrf"));
    }
    return new Lookup(interaction, params, null);
  }
}
