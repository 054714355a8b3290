package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.page.PageRenderer;

/**
 * {@code /interaction/resume}: where the browser returns after a headless login or consent made
 * by the host through {@code provider.interactions()}.
 */
public final class ResumeEndpoint implements Endpoint {
  private final InteractionPages common;

  public ResumeEndpoint(AuthorizationFlow flow, PageRenderer pages, int maxParameterLength) {
    this.common = new InteractionPages(flow, pages, maxParameterLength);
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    InteractionPages.Lookup lookup = common.lookup(request, false);
    return lookup.failure() != null ? lookup.failure() : common.flow().resume(lookup.interaction(), request);
  }
}
