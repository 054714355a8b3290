package dev.ssokit.example.standalone;

import java.net.URI;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code SSO_HTTP_REDIRECT_PORT}: every request on the plain-HTTP connector is answered 308 to the
 * same path and query under the issuer's https origin (308 keeps the method and body, RFC 9110
 * §15.4.9); requests on the TLS connector go on to the server.
 */
final class HttpsRedirectHandler extends Handler.Wrapper {
  private final Connector plain;
  private final String origin;

  HttpsRedirectHandler(Connector plain, URI issuer, Handler next) {
    super(next);
    this.plain = plain;
    this.origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (request.getConnectionMetaData().getConnector() != plain) {
      return super.handle(request, response, callback);
    }
    response.setStatus(HttpStatus.PERMANENT_REDIRECT_308);
    response.getHeaders().put(HttpHeader.LOCATION, origin + request.getHttpURI().getPathQuery());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    callback.succeeded();
    return true;
  }
}
