package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.mfa.SecondFactor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /account/mfa}: the second factor of a signed-in user's account (built-in accounts only).
 * Without one: start a TOTP enrolment, which shows the QR code the server renders and the secret as
 * text for manual entry, then confirm it with a first code, which shows the ten recovery codes once.
 * With one: disable it or regenerate the recovery codes, each with a code of the app or a recovery
 * code. Every step is the same {@link AccountMfa} call as the account API's.
 */
final class MfaEnrolmentPage implements Endpoint {
  /** Path below {@code /account}. */
  static final String PATH = "/mfa";

  private final AccountMfa mfa;
  private final SignedInPages common;

  MfaEnrolmentPage(AccountMfa mfa, SignedInPages common) {
    this.mfa = mfa;
    this.common = common;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    SignedInPages.Opened opened = common.open(request, PATH);
    if (opened.refusal() != null) {
      return opened.refusal();
    }
    SignedInPages.Visit v = opened.visit();
    Map<String, Object> model = common.model(v);
    Locale locale = v.locale();
    if (!v.post()) {
      return page(v, model, 200, mfa.pending(v.subject()));
    }
    String op = v.param("op");
    try {
      switch (op) {
        case "begin" -> {
          return page(v, model, 200, Optional.of(mfa.begin(v.subject(), v.address())));
        }
        case "confirm" -> {
          return codes(v, model, "mfa_enrol.enabled", mfa.confirm(v.subject(), v.param("code"), v.address()));
        }
        case "regenerate" -> {
          return codes(v, model, "mfa_enrol.regenerated",
              mfa.regenerateRecoveryCodes(v.subject(), v.param("code"), v.address()));
        }
        case "disable" -> {
          mfa.disable(v.subject(), v.param("code"), v.address());
          model.put("notice", common.pages().messages().text(locale, "mfa_enrol.disabled", Map.of()));
          return page(v, model, 200, Optional.empty());
        }
        default -> throw ApiProblem.invalidField("op", "unknown step");
      }
    } catch (ApiProblem p) {
      common.problem(model, locale, p);
      if (p.status() == 429) {
        model.put("error", common.pages().messages().text(locale, "mfa.error.throttled",
            Map.of("minutes", SecondFactor.FAILURE_WINDOW.toMinutes())));
      }
      model.put("errorIn_" + op, true);
      HTTPResponse r = page(v, model, p.status(), "confirm".equals(op) ? mfa.pending(v.subject()) : Optional.empty());
      if (p.status() == 429) {
        r.setHeader("Retry-After", Long.toString(SecondFactor.FAILURE_WINDOW.toSeconds()));
      }
      return r;
    }
  }

  /** The page after a step that produced recovery codes: they are shown this once. */
  private HTTPResponse codes(SignedInPages.Visit v, Map<String, Object> model, String notice, List<String> codes) {
    model.put("notice", common.pages().messages().text(v.locale(), notice, Map.of()));
    model.put("recoveryCodes", codes);
    model.put("showCodes", true);
    return common.pages().render(v.locale(), 200, "mfa_enrol", model, null);
  }

  private HTTPResponse page(SignedInPages.Visit v, Map<String, Object> model, int status,
                            Optional<SecondFactor.Enrolment> enrolment) {
    boolean enabled = mfa.enabled(v.subject());
    model.put("enabled", enabled);
    if (enabled) {
      model.put("codesLeft", mfa.recoveryCodesLeft(v.subject()));
    } else if (enrolment.isPresent()) {
      SecondFactor.Enrolment e = enrolment.get();
      model.put("enrolling", true);
      model.put("qrDataUri", "data:image/svg+xml;base64,"
          + Base64.getEncoder().encodeToString(e.qrSvg().getBytes(StandardCharsets.UTF_8)));
      model.put("secret", e.secret());
      model.put("secretGrouped", String.join(" ", e.secret().split("(?<=\\G.{4})")));
      model.put("otpauthUri", e.otpauthUri());
    } else {
      model.put("notEnrolled", true);
    }
    return common.pages().render(v.locale(), status, "mfa_enrol", model, null);
  }
}
