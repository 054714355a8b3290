package dev.ssokit.internal.device;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pending device authorizations (RFC 8628) in the {@link Cache}, so that a device may poll any
 * instance and the user may approve on any other: one record per device code (by its hash), the
 * user code and the approval's {@code state} pointing to it, and a poll marker per interval.
 *
 * <p>IMPORTANT: the cache sees hashes of device and user codes only. A record outlives its
 * {@code expiresAt} by {@link #LIFETIME}, so that a late poll is told {@code expired_token}.
 */
public final class DeviceAuthorizations {
  /** How long a device code and its user code are valid (RFC 8628 §3.2 {@code expires_in}). */
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  /** The least time between two polls (RFC 8628 §3.2 {@code interval}, its default). */
  public static final Duration INTERVAL = Duration.ofSeconds(5);
  /** What a {@code slow_down} adds to the interval, for this and every later poll (RFC 8628 §3.5). */
  public static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
  /** RFC 8628 §6.1: consonants only (no words are spelled), none easily mistaken for a digit. */
  static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
  static final int USER_CODE_LENGTH = 8;

  private static final String PREFIX = "device:";
  private static final String USER_PREFIX = "device-user:";
  private static final String STATE_PREFIX = "device-state:";
  private static final String POLL_PREFIX = "device-poll:";
  private static final String INTERVAL_PREFIX = "device-interval:";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where a device authorization stands. */
  enum Status { PENDING, APPROVED, DENIED }

  /**
   * One device authorization; the user's fields are set once it is approved.
   *
   * @param deviceHash hash of the device code: the record's key
   * @param state      random value the approving browser returns with, bound to this record
   */
  record DeviceAuthorization(String deviceHash, String clientId, Set<String> scopes, Instant expiresAt,
                             long intervalSeconds, Status status, String state, String subject, Instant authTime,
                             List<String> amr, String grantId) {
    DeviceAuthorization {
      scopes = Set.copyOf(scopes);
      amr = amr == null ? List.of() : List.copyOf(amr);
    }

    DeviceAuthorization approved(String subject, Instant authTime, List<String> amr, String grantId) {
      return new DeviceAuthorization(deviceHash, clientId, scopes, expiresAt, intervalSeconds, Status.APPROVED, state,
          subject, authTime, amr, grantId);
    }

    DeviceAuthorization denied() {
      return new DeviceAuthorization(deviceHash, clientId, scopes, expiresAt, intervalSeconds, Status.DENIED, state,
          null, null, null, null);
    }
  }

  /** A new device authorization with the codes its client receives (shown here only). */
  record Created(String deviceCode, String userCode, DeviceAuthorization authorization) {}

  private final Cache cache;
  private final Clock clock;

  DeviceAuthorizations(Cache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  Created create(String clientId, Set<String> scopes) {
    String deviceCode = OpaqueToken.generate();
    Instant expiresAt = clock.instant().plus(LIFETIME);
    DeviceAuthorization a = new DeviceAuthorization(OpaqueToken.hash(deviceCode), clientId, scopes, expiresAt,
        INTERVAL.getSeconds(), Status.PENDING, OpaqueToken.generate(), null, null, null, null);
    save(a);
    cache.put(STATE_PREFIX + a.state(), a.deviceHash(), expiresAt);
    String userCode;
    do {
      userCode = newUserCode();
    } while (!cache.putIfAbsent(USER_PREFIX + OpaqueToken.hash(userCode), a.deviceHash(), expiresAt));
    return new Created(deviceCode, userCode.substring(0, 4) + "-" + userCode.substring(4), a);
  }

  /** The pending, live authorization of a typed user code (case, spaces and dashes ignored). */
  Optional<DeviceAuthorization> byUserCode(String typed) {
    return normalized(typed).flatMap(code -> cache.get(USER_PREFIX + OpaqueToken.hash(code))).flatMap(this::byHash)
        .filter(this::pending);
  }

  /** Takes the user code (single use: of two browsers confirming one code, one wins); its pending authorization. */
  Optional<DeviceAuthorization> claimUserCode(String typed) {
    return normalized(typed).flatMap(code -> cache.take(USER_PREFIX + OpaqueToken.hash(code))).flatMap(this::byHash)
        .filter(this::pending);
  }

  /** Takes the {@code state} of an approval (single use); its pending authorization. */
  Optional<DeviceAuthorization> claimState(String state) {
    return state == null ? Optional.empty() : cache.take(STATE_PREFIX + state).flatMap(this::byHash)
        .filter(this::pending);
  }

  /** The authorization of a device code, live or expired (until it is collected). */
  Optional<DeviceAuthorization> byDeviceCode(String deviceCode) {
    return byHash(OpaqueToken.hash(deviceCode));
  }

  /** Takes an approved or denied authorization: exactly one poll gets its answer. */
  boolean take(DeviceAuthorization a) {
    return cache.take(PREFIX + a.deviceHash()).isPresent();
  }

  /**
   * True when the device polled again before its interval was over (RFC 8628 §3.5): the interval then
   * grows by {@link #SLOW_DOWN_STEP} for every later poll, counted from this one. The interval is kept apart from the record, so
   * that a slow poll never overwrites an approval written at the same moment.
   */
  boolean pollTooSoon(DeviceAuthorization a) {
    long interval = cache.get(INTERVAL_PREFIX + a.deviceHash()).map(Long::parseLong).orElse(a.intervalSeconds());
    if (cache.putIfAbsent(POLL_PREFIX + a.deviceHash(), "1", clock.instant().plusSeconds(interval))) {
      return false;
    }
    long slower = interval + SLOW_DOWN_STEP.getSeconds();
    cache.put(INTERVAL_PREFIX + a.deviceHash(), Long.toString(slower), a.expiresAt());
    // the wait starts again from this poll
    cache.put(POLL_PREFIX + a.deviceHash(), "1", clock.instant().plusSeconds(slower));
    return true;
  }

  void save(DeviceAuthorization a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client", a.clientId());
    m.put("scope", List.copyOf(a.scopes()));
    m.put("exp", a.expiresAt().getEpochSecond());
    m.put("interval", a.intervalSeconds());
    m.put("status", a.status().name());
    m.put("state", a.state());
    m.put("sub", a.subject());
    m.put("auth_time", a.authTime() == null ? null : a.authTime().getEpochSecond());
    m.put("amr", a.amr());
    m.put("grant", a.grantId());
    cache.put(PREFIX + a.deviceHash(), JSONObjectUtils.toJSONString(m), a.expiresAt().plus(LIFETIME));
  }

  private boolean pending(DeviceAuthorization a) {
    return a.status() == Status.PENDING && clock.instant().isBefore(a.expiresAt());
  }

  private Optional<DeviceAuthorization> byHash(String deviceHash) {
    return cache.get(PREFIX + deviceHash).map(json -> {
      try {
        Map<String, Object> m = JSONObjectUtils.parse(json);
        return new DeviceAuthorization(deviceHash, JSONObjectUtils.getString(m, "client"),
            Set.copyOf(JSONObjectUtils.getStringList(m, "scope")),
            Instant.ofEpochSecond(JSONObjectUtils.getLong(m, "exp")), JSONObjectUtils.getLong(m, "interval"),
            Status.valueOf(JSONObjectUtils.getString(m, "status")), JSONObjectUtils.getString(m, "state"),
            JSONObjectUtils.getString(m, "sub"),
            m.get("auth_time") == null ? null : Instant.ofEpochSecond(JSONObjectUtils.getLong(m, "auth_time")),
            m.get("amr") == null ? List.of() : JSONObjectUtils.getStringList(m, "amr"),
            JSONObjectUtils.getString(m, "grant"));
      } catch (ParseException | IllegalArgumentException e) {
        throw new IllegalStateException("unreadable device authorization in the cache", e);
      }
    });
  }

  /** The user code as typed, reduced to its letters in upper case, when it can be one. */
  static Optional<String> normalized(String typed) {
    if (typed == null || typed.length() > 32) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder();
    for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
      if (USER_CODE_ALPHABET.indexOf(c) >= 0) {
        b.append(c);
      } else if (c != '-' && c != ' ') {
        return Optional.empty();
      }
    }
    return b.length() == USER_CODE_LENGTH ? Optional.of(b.toString()) : Optional.empty();
  }

  private static String newUserCode() {
    char[] code = new char[USER_CODE_LENGTH];
    for (int i = 0; i < code.length; i++) {
      code[i] = USER_CODE_ALPHABET.charAt(RANDOM.nextInt(USER_CODE_ALPHABET.length()));
    }
    return new String(code);
  }
}
