package dev.ssokit.spi;

import java.util.Optional;

/**
 * Durable home of the accounts' second factors ({@link MfaEnrolment}).
 *
 * <p>IMPORTANT: {@link #useRecoveryCode} is the single use of a recovery code: two concurrent uses
 * of one code, on any instances, succeed for exactly one caller.
 */
public interface MfaStore {

  Optional<MfaEnrolment> find(String subject);

  /** Creates or replaces the enrolment of its subject. */
  void save(MfaEnrolment enrolment);

  /** Removes {@code codeHash} from the subject's unused recovery codes; {@code false} when it was not there. */
  boolean useRecoveryCode(String subject, String codeHash);

  /** Deletes the subject's enrolment (MFA off); {@code false} when there was none. */
  boolean delete(String subject);
}
