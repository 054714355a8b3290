package dev.ssokit.internal.device;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.interaction.AuthorizationCodeStore;
import dev.ssokit.internal.page.PageRenderer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /device/callback}: where the authorization flow started at {@code /device} answers, in
 * this provider's own browser tab. It takes the one-time code and records the approval (or the
 * denial) on the device authorization its {@code state} names, for the device's next poll.
 */
final class DeviceCallbackEndpoint implements Endpoint {
  private final DeviceAuthorizations authorizations;
  private final AuthorizationCodeStore codes;
  private final PageRenderer pages;
  private final int maxParameterLength;

  DeviceCallbackEndpoint(DeviceAuthorizations authorizations, AuthorizationCodeStore codes, PageRenderer pages,
                         int maxParameterLength) {
    this.authorizations = authorizations;
    this.codes = codes;
    this.pages = pages;
    this.maxParameterLength = maxParameterLength;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    Locale locale = pages.locale(request, null);
    if (!HTTPRequest.Method.GET.equals(request.getMethod())) {
      return pages.error(locale, 405, "method_not_allowed", "method_device_callback");
    }
    Parameters params = Parameters.of(request, maxParameterLength);
    Optional<DeviceAuthorizations.DeviceAuthorization> claimed = authorizations.claimState(params.get("state"));
    if (claimed.isEmpty()) {
      return pages.error(locale, 400, "device_completed", "device_completed");
    }
    DeviceAuthorizations.DeviceAuthorization a = claimed.get();
    String code = params.get("code");
    Optional<AuthorizationCodeStore.IssuedCode> issued = code == null ? Optional.empty() : codes.redeem(code)
        .filter(i -> a.state().equals(i.request().state()) && a.clientId().equals(i.request().clientId()));
    if (issued.isEmpty()) {
      // RFC 8628 §3.5 access_denied: the user denied consent (or the flow failed) in the browser
      authorizations.save(a.denied());
      return DeviceVerificationEndpoint.done(pages, locale, "denied", "denied");
    }
    AuthorizationCodeStore.IssuedCode i = issued.get();
    authorizations.save(a.approved(i.subject(), i.authTime(), i.amr(), i.grantId()));
    return DeviceVerificationEndpoint.done(pages, locale, "connected", "connected");
  }
}
