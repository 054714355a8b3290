package dev.ssokit.memory;

import dev.ssokit.spi.MfaEnrolment;
import dev.ssokit.spi.MfaStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link MfaStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryMfaStore implements MfaStore {
  private final Map<String, MfaEnrolment> bySubject = new HashMap<>();

  @Override
  public synchronized Optional<MfaEnrolment> find(String subject) {
    return Optional.ofNullable(bySubject.get(subject));
  }

  @Override
  public synchronized void save(MfaEnrolment enrolment) {
    bySubject.put(enrolment.subject(), enrolment);
  }

  @Override
  public synchronized boolean useRecoveryCode(String subject, String codeHash) {
    MfaEnrolment e = bySubject.get(subject);
    if (e == null || !e.recoveryCodeHashes().contains(codeHash)) {
      return false;
    }
    List<String> left = new ArrayList<>(e.recoveryCodeHashes());
    left.remove(codeHash);
    bySubject.put(subject, new MfaEnrolment(subject, e.secret(), e.confirmed(), left, e.createdAt()));
    return true;
  }

  @Override
  public synchronized boolean delete(String subject) {
    return bySubject.remove(subject) != null;
  }
}
