package dev.ssokit.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Durable home of the built-in user accounts. */
public interface UserStore {

  /**
   * Finds a user by id.
   *
   * @param id the user's id ({@code sub})
   * @return the user, or empty when there is none
   */
  Optional<User> findById(String id);

  /**
   * Finds by username (case-insensitive).
   *
   * @param username the login name, given in lower case
   * @return the user, or empty when there is none
   */
  Optional<User> findByUsername(String username);

  /**
   * The one account whose e-mail address is {@code email} (case-insensitive), for login by e-mail.
   *
   * @param email the e-mail address
   * @return the user, or empty when no account or more than one account has it (an ambiguous
   *     address signs in nobody)
   */
  Optional<User> findByEmail(String email);

  /**
   * Inserts a user.
   *
   * @param user the user
   * @return {@code false}, changing nothing, when the id or username is taken
   */
  boolean create(User user);

  /**
   * Replaces an existing user.
   *
   * @param user the user, identified by its id
   * @return {@code false} when there is no user with that id
   */
  boolean update(User user);

  /**
   * Deletes a user.
   *
   * @param id the user's id
   * @return {@code false} when there was none
   */
  boolean delete(String id);

  /**
   * Users ordered by id, those after {@code afterId} ({@code null}: from the first), at most
   * {@code limit}: cursor paging of the admin API.
   *
   * @param search  only users whose username or e-mail contains this text, ignoring case, or {@code null}
   * @param afterId the last id of the previous page, or {@code null} for the first page
   * @param limit   the most users returned
   * @return the page, empty past the end
   */
  List<User> list(String search, String afterId, int limit);

  /**
   * The roles of a user (for instance {@code admin}).
   *
   * @param id the user's id
   * @return the role names, empty when none or no such user
   */
  Set<String> roles(String id);

  /**
   * Replaces the roles of a user.
   *
   * @param id    the user's id
   * @param roles every role the user has from now on; empty removes them all
   * @return {@code false} when there is no user with that id
   */
  boolean setRoles(String id, Set<String> roles);

  /**
   * Whether at least one user has {@code role} (the first-start bootstrap of an administrator).
   *
   * @param role the role name, e.g. {@code admin}
   * @return {@code true} when some user holds it
   */
  boolean anyWithRole(String role);
}
