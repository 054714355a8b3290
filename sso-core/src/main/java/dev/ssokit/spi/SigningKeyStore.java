package dev.ssokit.spi;

import java.util.List;

/**
 * Durable home of signing keys, so that every instance signs with and publishes the same keys.
 *
 * <p>IMPORTANT: {@link #addActiveIfAbsent} is atomic: when several instances start at once, only
 * the first key for an algorithm becomes active and every instance then loads that one.
 */
public interface SigningKeyStore {

  /** Every key, oldest first. */
  List<SigningKey> list();

  /** Stores {@code key} as the active key of its algorithm unless one is active already; true if stored. */
  boolean addActiveIfAbsent(SigningKey key);

  /** Changes the status of a key; returns {@code false} when there is no such key. */
  boolean updateStatus(String kid, SigningKey.Status status);
}
