package dev.ssokit.spi;

import java.util.List;

/**
 * Durable home of signing keys, so that every instance signs with and publishes the same keys and
 * follows the same rotation (README, "Signing keys"): a NEXT key is published before it signs, the
 * ACTIVE key signs, RETIRED keys stay published until the tokens they signed have expired.
 *
 * <p>IMPORTANT: {@link #addIfAbsent} and {@link #activate} are atomic across instances: at most one
 * ACTIVE and one NEXT key per algorithm, whoever calls at the same time.
 */
public interface SigningKeyStore {

  /** {@return every key, oldest first} */
  List<SigningKey> list();

  /**
   * Stores {@code key} (status ACTIVE or NEXT) unless its kid is taken or its algorithm already has
   * a key of that status.
   *
   * @param key the new key
   * @return true if stored
   */
  boolean addIfAbsent(SigningKey key);

  /**
   * Makes {@code kid} the ACTIVE key of its algorithm, retiring the previous ACTIVE one, in one
   * step.
   *
   * @param kid the key's id
   * @return true when {@code kid} is ACTIVE afterwards, false when there is no such key
   */
  boolean activate(String kid);

  /**
   * Deletes a key (a retired key no token needs any more).
   *
   * @param kid the key's id
   * @return false when there was none
   */
  boolean delete(String kid);
}
