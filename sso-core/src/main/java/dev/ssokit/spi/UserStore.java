package dev.ssokit.spi;

import java.util.Optional;

/** Durable home of the built-in user accounts. */
public interface UserStore {

  Optional<User> findById(String id);

  /** Finds by username (case-insensitive); {@code username} is given in lower case. */
  Optional<User> findByUsername(String username);

  /**
   * The one account whose e-mail address is {@code email} (case-insensitive), for login by e-mail;
   * empty when no account or more than one account has it (an ambiguous address signs in nobody).
   */
  Optional<User> findByEmail(String email);

  /** Inserts a user; returns {@code false} and changes nothing when the id or username is taken. */
  boolean create(User user);

  /** Replaces an existing user; returns {@code false} when there is no user with that id. */
  boolean update(User user);

  /** Deletes a user; returns {@code false} when there was none. */
  boolean delete(String id);
}
