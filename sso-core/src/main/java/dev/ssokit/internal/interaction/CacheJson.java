package dev.ssokit.internal.interaction;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Version 1 JSON encoding of the records the provider keeps in the cache (no Java serialization).
 * A value that cannot be read is treated as absent: the cache is never trusted blindly.
 */
final class CacheJson {
  static final int VERSION = 1;
  private final Map<String, Object> map;

  private CacheJson(Map<String, Object> map) {
    this.map = map;
  }

  static CacheJson parse(String json) {
    try {
      Map<String, Object> m = JSONObjectUtils.parse(json);
      Object v = m.get("v");
      if (!(v instanceof Number n) || n.intValue() != VERSION) {
        throw new IllegalArgumentException("unknown cache record version");
      }
      return new CacheJson(m);
    } catch (ParseException e) {
      throw new IllegalArgumentException("unreadable cache record", e);
    }
  }

  @SuppressWarnings("unchecked")
  CacheJson child(String key) {
    Object v = map.get(key);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("cache record lacks " + key);
    }
    return new CacheJson((Map<String, Object>) v);
  }

  boolean present(String key) {
    return map.get(key) != null;
  }

  String string(String key) {
    Object v = map.get(key);
    return v instanceof String s ? s : null;
  }

  boolean bool(String key) {
    return Boolean.TRUE.equals(map.get(key));
  }

  long number(String key, long fallback) {
    Object v = map.get(key);
    return v instanceof Number n ? n.longValue() : fallback;
  }

  Instant instant(String key) {
    Object v = map.get(key);
    return v instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
  }

  List<String> strings(String key) {
    Object v = map.get(key);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  Set<String> stringSet(String key) {
    return new LinkedHashSet<>(strings(key));
  }

  static Long epoch(Instant i) {
    return i == null ? null : i.getEpochSecond();
  }
}
