package dev.ssokit.internal.subject;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code sub} a client sees (OIDC Core §8): the local subject for a {@code public} client, a
 * pairwise identifier for a {@code pairwise} one, stable per (sector, user) and different across sectors.
 *
 * <p>A pairwise identifier is {@code base64url(tag || ct || mac)} (a synthetic-IV construction):
 * {@code tag} = the first 16 bytes of HMAC-SHA256(k1, sector host, local subject), the stable hash of OIDC
 * Core §8.1; {@code ct} = the local subject under AES-CTR with {@code tag} as counter block, so the provider
 * can map a pairwise {@code sub} it issued back to its user (UserInfo, revocation, token exchange,
 * {@code id_token_hint}) without any stored mapping; {@code mac} = 8 bytes of HMAC-SHA256(k3, tag || ct)
 * tells such a value from a local subject. The three keys are derived from the {@code pairwiseSalt} setting.
 *
 * <p>IMPORTANT: changing the salt changes every pairwise {@code sub}; the value reveals the length of the
 * local subject (user ids of one provider share one length), nothing else.
 */
public final class SubjectIdentifiers {
  /** {@code subject_type} of a client that sees the local subject (the default). */
  public static final String PUBLIC = "public";
  /** {@code subject_type} of a client that sees a pairwise identifier (OIDC Core §8.1). */
  public static final String PAIRWISE = "pairwise";
  private static final int TAG = 16;
  private static final int MAC = 8;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] tagKey;
  private final SecretKeySpec encKey;
  private final byte[] macKey;

  /** @param salt the {@code pairwiseSalt} setting, or {@code null} when pairwise clients are not supported */
  public SubjectIdentifiers(String salt) {
    if (salt == null) {
      tagKey = null;
      encKey = null;
      macKey = null;
    } else {
      byte[] s = salt.getBytes(StandardCharsets.UTF_8);
      tagKey = hmac(s, "ssokit pairwise tag".getBytes(StandardCharsets.UTF_8));
      encKey = new SecretKeySpec(Arrays.copyOf(hmac(s, "ssokit pairwise enc".getBytes(StandardCharsets.UTF_8)), 16),
          "AES");
      macKey = hmac(s, "ssokit pairwise mac".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@return true when a salt is set, so pairwise clients are supported} */
  public boolean pairwiseSupported() {
    return tagKey != null;
  }

  /** {@return true when {@code client} sees pairwise identifiers} */
  public static boolean isPairwise(Client client) {
    return PAIRWISE.equals(client.options().subjectType());
  }

  /**
   * The sector of a client (OIDC Core §8.1): the host of its {@code sector_identifier_uri}, else the one
   * host of its redirect URIs; {@code null} when it has none of them or several hosts.
   *
   * @param options      the client's options
   * @param redirectUris the client's redirect URIs
   * @return the sector host, lower case, or {@code null}
   */
  public static String sector(ClientOptions options, java.util.List<URI> redirectUris) {
    if (options.sectorIdentifierUri() != null) {
      return host(options.sectorIdentifierUri());
    }
    Set<String> hosts = redirectUris.stream().map(SubjectIdentifiers::host).collect(Collectors.toSet());
    return hosts.size() == 1 && !hosts.contains(null) ? hosts.iterator().next() : null;
  }

  private static String host(URI uri) {
    return uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
  }

  /**
   * The {@code sub} {@code client} sees for the user {@code localSubject}.
   *
   * @param client       the client the value is for
   * @param localSubject the user's subject at this provider
   * @return the local subject, or the pairwise identifier for a pairwise client
   */
  public String forClient(Client client, String localSubject) {
    if (localSubject == null || !isPairwise(client)) {
      return localSubject;
    }
    if (tagKey == null) {
      throw new IllegalStateException("client " + client.clientId() + " has subject_type pairwise, but the"
          + " provider has no pairwiseSalt");
    }
    String sector = sector(client.options(), client.redirectUris());
    byte[] local = localSubject.getBytes(StandardCharsets.UTF_8);
    byte[] tag = Arrays.copyOf(hmac(tagKey, (sector == null ? "client:" + client.clientId() : sector) + "\0"
        + localSubject), TAG);
    byte[] ct = ctr(tag, local);
    byte[] mac = Arrays.copyOf(hmac(macKey, ByteBuffer.allocate(tag.length + ct.length).put(tag).put(ct).array()), MAC);
    return B64.encodeToString(ByteBuffer.allocate(TAG + ct.length + MAC).put(tag).put(ct).put(mac).array());
  }

  /**
   * The local subject behind a {@code sub} this provider issued: the value itself unless it is a pairwise
   * identifier of this provider's. The caller has verified the token that carried it.
   *
   * @param sub a {@code sub} claim value
   * @return the local subject
   */
  public String local(String sub) {
    return open(sub).orElse(sub);
  }

  /**
   * The local subject behind {@code sub} as {@code client} sees it: the pairwise identifier must be the
   * client's own (its sector's), a local subject is accepted only from a public client.
   *
   * @param client the client that presents the value
   * @param sub    the value
   * @return the local subject, or empty when the value is not one this client was given
   */
  public Optional<String> localFor(Client client, String sub) {
    if (sub == null) {
      return Optional.empty();
    }
    if (!isPairwise(client)) {
      return open(sub).isPresent() ? Optional.empty() : Optional.of(sub);
    }
    return open(sub).filter(local -> MessageDigest.isEqual(
        forClient(client, local).getBytes(StandardCharsets.UTF_8), sub.getBytes(StandardCharsets.UTF_8)));
  }

  private Optional<String> open(String sub) {
    if (tagKey == null || sub == null || sub.length() > 1024) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(sub);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length <= TAG + MAC) {
      return Optional.empty();
    }
    byte[] body = Arrays.copyOf(raw, raw.length - MAC);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC, raw.length);
    if (!MessageDigest.isEqual(Arrays.copyOf(hmac(macKey, body), MAC), mac)) {
      return Optional.empty();
    }
    byte[] tag = Arrays.copyOf(body, TAG);
    byte[] ct = Arrays.copyOfRange(body, TAG, body.length);
    return Optional.of(new String(ctr(tag, ct), StandardCharsets.UTF_8));
  }

  private byte[] ctr(byte[] iv, byte[] in) {
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    return hmac(key, data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
