package dev.ssokit.internal.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cursor paging of every JSON API list: {@code ?limit=} (1 to {@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}) and {@code ?cursor=} (opaque: the {@code next_cursor} of the previous
 * page). The cursor carries the sort key of the last item returned, so a page is a bounded range
 * read (no offset scan) and items created meanwhile do not shift pages.
 *
 * @param after the sort key to continue after, or {@code null} for the first page
 * @param limit how many items at most
 */
public record PageRequest(String after, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public static PageRequest of(ApiRequest request) {
    String limitText = request.query("limit");
    int limit = DEFAULT_LIMIT;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiProblem.invalidField("limit", "must be a number from 1 to " + MAX_LIMIT);
      }
    }
    String cursor = request.query("cursor");
    if (cursor == null || cursor.isEmpty()) {
      return new PageRequest(null, limit);
    }
    try {
      return new PageRequest(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8), limit);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("cursor", "is not a cursor this API returned");
    }
  }

  /**
   * The JSON page: {@code {"items": [...], "next_cursor": "..."}}; {@code next_cursor} only when
   * {@code items} filled the page (more may follow), made from {@code lastKey}.
   */
  public Map<String, Object> page(List<?> items, String lastKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    if (items.size() >= limit && lastKey != null) {
      body.put("next_cursor", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(lastKey.getBytes(StandardCharsets.UTF_8)));
    }
    return body;
  }
}
