package dev.ssokit.internal.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of RFC 7591 client metadata (a JSON object as a map): each throws
 * {@link IllegalArgumentException} naming the field when it has the wrong JSON type.
 */
public final class MetadataFields {
  private MetadataFields() {}

  /** A string field, or {@code null} when absent. */
  public static String string(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v != null && !(v instanceof String)) {
      throw new IllegalArgumentException(key + ": must be a string");
    }
    return (String) v;
  }

  /** A boolean field; absent is {@code false}. */
  public static boolean bool(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v != null && !(v instanceof Boolean)) {
      throw new IllegalArgumentException(key + ": must be true or false");
    }
    return Boolean.TRUE.equals(v);
  }

  /** A positive whole number of seconds, or {@code null} when absent. */
  public static java.time.Duration seconds(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0) {
      throw new IllegalArgumentException(key + ": must be a positive whole number of seconds");
    }
    return java.time.Duration.ofSeconds(n.longValue());
  }

  /** An array of strings; absent is empty. */
  public static List<String> strings(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(key + ": must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException(key + ": must be an array of strings");
      }
      out.add(s);
    }
    return out;
  }

  /** An array of URI strings; absent is empty. */
  public static List<URI> uris(Map<String, ?> m, String key) {
    List<URI> out = new ArrayList<>();
    for (String s : strings(m, key)) {
      out.add(uri(key, s));
    }
    return out;
  }

  /** A URI string field, or {@code null} when absent. */
  public static URI uri(Map<String, ?> m, String key) {
    String s = string(m, key);
    return s == null ? null : uri(key, s);
  }

  private static URI uri(String key, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(key + ": not a URI: " + value, e);
    }
  }
}
