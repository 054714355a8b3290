package dev.ssokit.memory;

import dev.ssokit.spi.User;
import dev.ssokit.spi.UserStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link UserStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryUserStore implements UserStore {
  private final Map<String, User> byId = new HashMap<>();
  /** Keyed by the lower-case username: User#username is unique case-insensitively. */
  private final Map<String, String> idByUsername = new HashMap<>();
  private final Map<String, Set<String>> rolesById = new HashMap<>();

  private static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  @Override
  public synchronized Optional<User> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<User> findByUsername(String username) {
    return Optional.ofNullable(idByUsername.get(key(username))).map(byId::get);
  }

  @Override
  public synchronized Optional<User> findByEmail(String email) {
    // a scan: the in-memory store serves tests and single-JVM demos, not millions of accounts
    java.util.List<User> found = byId.values().stream()
        .filter(u -> u.email() != null && u.email().equalsIgnoreCase(email)).limit(2).toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  @Override
  public synchronized boolean create(User user) {
    if (byId.containsKey(user.id()) || idByUsername.containsKey(key(user.username()))) {
      return false;
    }
    byId.put(user.id(), user);
    idByUsername.put(key(user.username()), user.id());
    return true;
  }

  @Override
  public synchronized boolean update(User user) {
    User old = byId.get(user.id());
    if (old == null) {
      return false;
    }
    String owner = idByUsername.get(key(user.username()));
    if (owner != null && !owner.equals(user.id())) {
      return false;
    }
    idByUsername.remove(key(old.username()));
    idByUsername.put(key(user.username()), user.id());
    byId.put(user.id(), user);
    return true;
  }

  @Override
  public synchronized boolean delete(String id) {
    User old = byId.remove(id);
    if (old == null) {
      return false;
    }
    idByUsername.remove(key(old.username()));
    rolesById.remove(id);
    return true;
  }

  @Override
  public synchronized List<User> list(String search, String afterId, int limit) {
    String needle = search == null ? null : key(search);
    return byId.values().stream()
        .filter(u -> afterId == null || u.id().compareTo(afterId) > 0)
        .filter(u -> needle == null || u.username().contains(needle)
            || (u.email() != null && key(u.email()).contains(needle)))
        .sorted(Comparator.comparing(User::id))
        .limit(limit).toList();
  }

  @Override
  public synchronized Set<String> roles(String id) {
    return rolesById.getOrDefault(id, Set.of());
  }

  @Override
  public synchronized boolean setRoles(String id, Set<String> roles) {
    if (!byId.containsKey(id)) {
      return false;
    }
    rolesById.put(id, Set.copyOf(roles));
    return true;
  }

  @Override
  public synchronized boolean anyWithRole(String role) {
    return rolesById.values().stream().anyMatch(r -> r.contains(role));
  }
}
