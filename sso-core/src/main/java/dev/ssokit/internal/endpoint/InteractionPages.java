package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.Interaction;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.token.OpaqueToken;

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

  /**
   * Loads the interaction named by the request: GET, or POST of the page's form when
   * {@code formPosts} (then the CSRF token is checked too); any other method is a 405 page.
   */
  Lookup lookup(HTTPRequest request, boolean formPosts) {
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    if (!HTTPRequest.Method.GET.equals(request.getMethod()) && !(formPosts && post)) {
      return new Lookup(null, null, pages.error(405, "Method not allowed",
          formPosts ? "Use the form on the page." : "Follow the link from the sign-in page."));
    }
    Parameters params;
    try {
      params = Parameters.of(request, maxParameterLength);
    } catch (Parameters.BadRequest e) {
      return new Lookup(null, null, pages.error(400, "Invalid request", "The form is malformed: " + e.getMessage() + "."));
    }
    Interaction interaction = flow.interactions().find(params.get("interaction")).orElse(null);
    if (interaction == null) {
      return new Lookup(null, params, pages.error(400, "Sign-in expired",
          "This sign-in request has expired or was already completed."));
    }
    if (!flow.sameBrowser(interaction, request)) {
      return new Lookup(null, params, pages.error(403, "Sign-in not allowed",
          "This sign-in request was started in another browser. Start again from the application."));
    }
    if (HTTPRequest.Method.POST.equals(request.getMethod())
        && !OpaqueToken.equalsConstantTime(params.get("csrf_token"), interaction.csrfToken())) {
      return new Lookup(null, params, pages.error(403, "Form expired",
          "The form could not be verified (missing or wrong CSRF token). Go back, reload the page and try again."));
    }
    return new Lookup(interaction, params, null);
  }
}
