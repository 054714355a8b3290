package dev.ssokit.internal.device;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.UserCode;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.authorization.AuthorizationRequestChecks;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code /device_authorization} (RFC 8628 §3.1, §3.2): authenticates the client, runs the
 * authorization-request checks that apply, and answers a device code, a user code and where the
 * user types it.
 */
final class DeviceAuthorizationEndpoint implements Endpoint {
  private final ClientAuthenticator authenticator;
  private final AuthorizationRequestChecks checks;
  private final DeviceAuthorizations authorizations;
  private final URI verificationUri;
  private final int maxParameterLength;

  DeviceAuthorizationEndpoint(ClientAuthenticator authenticator, AuthorizationRequestChecks checks,
                              DeviceAuthorizations authorizations, URI verificationUri, int maxParameterLength) {
    this.authenticator = authenticator;
    this.checks = checks;
    this.authorizations = authorizations;
    this.verificationUri = verificationUri;
    this.maxParameterLength = maxParameterLength;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return Responses.methodNotAllowed("POST");
    }
    Parameters params = Parameters.of(request, maxParameterLength);
    DeviceAuthorizationRequest parsed;
    try {
      parsed = DeviceAuthorizationRequest.parse(request);
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
      if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
        throw OAuthException.invalidClient(e.getMessage(), false);
      }
      return Responses.error(error.setDescription(e.getMessage()));
    }
    Client client = authenticator.authenticate(parsed.getClientAuthentication(), parsed.getClientID());
    Set<String> scopes = checks.runDevice(client, params);
    DeviceAuthorizations.Created created = authorizations.create(client.clientId(), scopes);
    // RFC 8628 §3.3.1: the complete URI saves typing; the user still confirms the code and the device.
    URI complete = URI.create(verificationUri + "?user_code="
        + URLEncoder.encode(created.userCode(), StandardCharsets.UTF_8));
    HTTPResponse r = new DeviceAuthorizationSuccessResponse(new DeviceCode(created.deviceCode()),
        new UserCode(created.userCode()), verificationUri, complete, DeviceAuthorizations.LIFETIME.getSeconds(),
        created.authorization().intervalSeconds(), null).toHTTPResponse();
    r.setHeader("Cache-Control", "no-store");
    return r;
  }
}
