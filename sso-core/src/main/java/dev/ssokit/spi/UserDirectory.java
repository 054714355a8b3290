package dev.ssokit.spi;

import java.util.Optional;

/**
 * Where users come from: the built-in accounts ({@code dev.ssokit.memory} / store backed) or the
 * host application's own user lookup.
 *
 * <p>IMPORTANT: {@link #authenticate} must take about the same time for an unknown user as for a
 * wrong password, so that timing does not reveal which usernames exist.
 */
public interface UserDirectory {

  /**
   * Checks a username and password.
   *
   * @param username the login name as typed
   * @param password the password as typed; never logged
   * @return the account, or empty when they do not match or the account is locked
   */
  Optional<UserAccount> authenticate(String username, String password);

  /**
   * The current account of a subject, for ID tokens and UserInfo.
   *
   * @param subject the {@code sub}
   * @return the account, or empty when it no longer exists
   */
  Optional<UserAccount> find(String subject);
}
