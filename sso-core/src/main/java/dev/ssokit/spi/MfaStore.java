package dev.ssokit.spi;

import java.util.Optional;

/**
 * Durable home of the accounts' second factors ({@link MfaEnrolment}).
 *
 * <p>IMPORTANT: {@link #useRecoveryCode} is the single use of a recovery code: two concurrent uses
 * of one code, on any instances, succeed for exactly one caller.
 */
public interface MfaStore {

  /**
   * The enrolment of an account.
   *
   * @param subject the account
   * @return its enrolment, confirmed or not, or empty when it has none
   */
  Optional<MfaEnrolment> find(String subject);

  /**
   * Creates or replaces the enrolment of its subject.
   *
   * @param enrolment the enrolment
   */
  void save(MfaEnrolment enrolment);

  /**
   * Removes {@code codeHash} from the subject's unused recovery codes.
   *
   * @param subject  the account
   * @param codeHash the hash of the recovery code
   * @return {@code false} when it was not there
   */
  boolean useRecoveryCode(String subject, String codeHash);

  /**
   * Deletes the subject's enrolment (MFA off).
   *
   * @param subject the account
   * @return {@code false} when there was none
   */
  boolean delete(String subject);
}
