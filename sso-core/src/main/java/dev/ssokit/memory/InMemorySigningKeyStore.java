package dev.ssokit.memory;

import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKeyStore;
import java.util.ArrayList;
import java.util.List;

/** {@link SigningKeyStore} in memory. IMPORTANT: keys are lost at restart, so tokens die with the JVM. */
public final class InMemorySigningKeyStore implements SigningKeyStore {
  private final List<SigningKey> keys = new ArrayList<>();

  @Override
  public synchronized List<SigningKey> list() {
    return List.copyOf(keys);
  }

  @Override
  public synchronized boolean addIfAbsent(SigningKey key) {
    if (key.status() == SigningKey.Status.RETIRED) {
      throw new IllegalArgumentException("a key is added as ACTIVE or NEXT, not RETIRED");
    }
    boolean taken = keys.stream().anyMatch(k -> k.kid().equals(key.kid())
        || (k.algorithm().equals(key.algorithm()) && k.status() == key.status()));
    if (taken) {
      return false;
    }
    keys.add(key);
    return true;
  }

  @Override
  public synchronized boolean activate(String kid) {
    SigningKey target = keys.stream().filter(k -> k.kid().equals(kid)).findFirst().orElse(null);
    if (target == null) {
      return false;
    }
    for (int i = 0; i < keys.size(); i++) {
      SigningKey k = keys.get(i);
      if (k.kid().equals(kid)) {
        keys.set(i, with(k, SigningKey.Status.ACTIVE));
      } else if (k.algorithm().equals(target.algorithm()) && k.status() == SigningKey.Status.ACTIVE) {
        keys.set(i, with(k, SigningKey.Status.RETIRED));
      }
    }
    return true;
  }

  @Override
  public synchronized boolean delete(String kid) {
    return keys.removeIf(k -> k.kid().equals(kid));
  }

  private static SigningKey with(SigningKey k, SigningKey.Status status) {
    return new SigningKey(k.kid(), k.algorithm(), k.material(), status, k.createdAt());
  }
}
