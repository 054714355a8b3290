package dev.ssokit.internal.api;

import dev.ssokit.internal.http.StaticDocument;

/**
 * Strong entity tags (RFC 9110 §8.8.3) of API resources, and the {@code If-Match} check of
 * conditional updates (§13.1.1), so two operators editing the same resource cannot silently
 * overwrite each other: the second one gets 412 and re-reads.
 */
public final class EntityTag {
  private EntityTag() {}

  /** The tag of a representation: a hash of its canonical text (for instance its JSON). */
  public static String of(String representation) {
    return StaticDocument.tagOf(representation);
  }

  /**
   * 412 when the request's {@code If-Match} names neither {@code current} nor {@code *}; a request
   * without {@code If-Match} passes when {@code required} is false, else 428 (RFC 6585 §3).
   */
  public static void checkIfMatch(ApiRequest request, String current, boolean required) {
    String ifMatch = request.header("If-Match");
    if (ifMatch == null) {
      if (required) {
        throw ApiProblem.of(428, "Precondition Required",
            "send If-Match with the ETag of the resource as last read");
      }
      return;
    }
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || t.equals(current)) {
        return;
      }
    }
    throw ApiProblem.preconditionFailed();
  }
}
