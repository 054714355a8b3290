package dev.ssokit.internal.client;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client metadata that fails validation, naming the RFC 7591 field at fault, so every caller (the
 * admin API, dynamic registration, the seed file, the starter's properties) can point at it: an API
 * as an RFC 9457 field error, a start-up check in its message ({@code "redirect_uris: ..."}).
 */
public final class InvalidMetadata extends IllegalArgumentException {
  private static final Pattern FIELD_PREFIX = Pattern.compile("^([a-z][a-z0-9_#-]*): (.+)$", Pattern.DOTALL);
  /** {@code ClientRegistration.fromMetadata}'s answer to a name it does not know. */
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("^unknown client metadata field: (\\S+)$");

  private final String field;
  private final String detail;

  public InvalidMetadata(String field, String detail) {
    this(field, detail, null);
  }

  public InvalidMetadata(String field, String detail, Throwable cause) {
    super(field + ": " + detail, cause);
    this.field = field;
    this.detail = detail;
  }

  /** The metadata name at fault ({@code redirect_uris}, {@code grant_types}, ...). */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the field name. */
  public String detail() {
    return detail;
  }

  /**
   * The field error of any validation failure: {@code e} itself, or one read from a message of the
   * form {@code "field: detail"} (checks that throw a plain {@link IllegalArgumentException}), else
   * {@code null} when the message names no field.
   */
  public static InvalidMetadata of(IllegalArgumentException e) {
    if (e instanceof InvalidMetadata m) {
      return m;
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher unknown = UNKNOWN_FIELD.matcher(message);
    if (unknown.matches()) {
      return new InvalidMetadata(unknown.group(1), "unknown client metadata field", e);
    }
    Matcher matcher = FIELD_PREFIX.matcher(message);
    return matcher.matches() ? new InvalidMetadata(matcher.group(1), matcher.group(2), e) : null;
  }
}
