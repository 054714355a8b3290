package dev.ssokit.memory;

import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKeyStore;
import dev.ssokit.spi.StoreException;
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
  public synchronized boolean addActiveIfAbsent(SigningKey key) {
    boolean taken = hasActive(key.algorithm()) || keys.stream().anyMatch(k -> k.kid().equals(key.kid()));
    if (taken) {
      return false;
    }
    keys.add(new SigningKey(key.kid(), key.algorithm(), key.material(), SigningKey.Status.ACTIVE, key.createdAt()));
    return true;
  }

  @Override
  public synchronized boolean updateStatus(String kid, SigningKey.Status status) {
    for (int i = 0; i < keys.size(); i++) {
      SigningKey k = keys.get(i);
      if (k.kid().equals(kid)) {
        if (status == SigningKey.Status.ACTIVE && k.status() != SigningKey.Status.ACTIVE && hasActive(k.algorithm())) {
          // SigningKeyStore: at most one ACTIVE key per algorithm, as the durable stores enforce
          throw new StoreException("another " + k.algorithm() + " key is already ACTIVE; retire it first");
        }
        keys.set(i, new SigningKey(k.kid(), k.algorithm(), k.material(), status, k.createdAt()));
        return true;
      }
    }
    return false;
  }

  private boolean hasActive(String algorithm) {
    return keys.stream().anyMatch(k -> k.algorithm().equals(algorithm) && k.status() == SigningKey.Status.ACTIVE);
  }
}
