package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.User;
import dev.ssokit.spi.UserStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UserStore} shares; a backend's test extends it and supplies the store.
 *
 * <p>IMPORTANT: claim values in fixtures are JSON types (string, boolean, long, list, object), the
 * types a JSON-backed store can give back unchanged.
 */
public abstract class UserStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract UserStore newStore();

  static final Instant CREATED = Instant.parse("2030-01-02T03:04:05Z");

  static User user(String id, String username) {
    return new User(id, username, username + "@example.com", true,
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        Map.of("name", "Alice Example", "locale", "en-GB", "phone_number_verified", false,
            "updated_at", 1_900_000_000L, "address", Map.of("country", "GB"), "groups", List.of("a", "b")),
        null, CREATED);
  }

  @Test
  void whenCreatedThenFoundByIdAndByUsernameWithEveryField() {
    UserStore store = newStore();
    User alice = user("u-1", "alice");

    assertThat(store.create(alice)).isTrue();

    assertThat(store.findById("u-1")).contains(alice);
    assertThat(store.findByUsername("alice")).contains(alice);
  }

  @Test
  void whenEmailGivenInAnyCaseThenTheOneAccountWithItIsFound() {
    UserStore store = newStore();
    User alice = user("u-1", "alice");
    store.create(alice);

    assertThat(store.findByEmail("ALICE@Example.com")).contains(alice);
    assertThat(store.findByEmail("nobody@example.com")).isEmpty();
  }

  @Test
  void whenTwoAccountsShareAnEmailThenNeitherIsFoundByIt() {
    UserStore store = newStore();
    store.create(user("u-1", "alice"));
    User twin = user("u-2", "bob");
    store.create(new User(twin.id(), twin.username(), "alice@example.com", true, twin.passwordHash(),
        twin.claims(), null, twin.createdAt()));

    assertThat(store.findByEmail("alice@example.com")).isEmpty();
  }

  @Test
  void whenOptionalFieldsNullThenTheyRoundTripAsNull() {
    UserStore store = newStore();
    User bare = new User("u-2", "bare", null, false, null, null, null, CREATED);

    store.create(bare);

    assertThat(store.findById("u-2")).contains(bare);
  }

  @Test
  void whenLockedUntilSetThenItRoundTrips() {
    UserStore store = newStore();
    User alice = user("u-1", "alice");
    store.create(alice);
    User locked = new User(alice.id(), alice.username(), alice.email(), alice.emailVerified(), alice.passwordHash(),
        alice.claims(), Instant.parse("2030-01-02T04:00:00Z"), alice.createdAt());

    assertThat(store.update(locked)).isTrue();

    assertThat(store.findById("u-1").orElseThrow().lockedUntil()).isEqualTo(Instant.parse("2030-01-02T04:00:00Z"));
  }

  @Test
  void whenDisabledThenItRoundTripsThroughCreateAndUpdate() {
    UserStore store = newStore();
    User disabled = user("u-1", "alice").withDisabled(true);
    store.create(disabled);
    assertThat(store.findById("u-1")).contains(disabled);

    assertThat(store.update(disabled.withDisabled(false))).isTrue();

    assertThat(store.findByUsername("alice").orElseThrow().disabled()).isFalse();
    assertThat(store.update(disabled)).isTrue();
    assertThat(store.findById("u-1").orElseThrow().disabled()).isTrue();
  }

  @Test
  void whenUnknownThenEmpty() {
    UserStore store = newStore();
    store.create(user("u-1", "alice"));

    assertThat(store.findById("u-2")).isEmpty();
    assertThat(store.findByUsername("bob")).isEmpty();
  }

  @Test
  void whenIdTakenThenCreateReturnsFalseAndKeepsTheFirst() {
    UserStore store = newStore();
    User alice = user("u-1", "alice");
    store.create(alice);

    assertThat(store.create(user("u-1", "bob"))).isFalse();

    assertThat(store.findById("u-1")).contains(alice);
    assertThat(store.findByUsername("bob")).isEmpty();
  }

  @Test
  void whenUsernameTakenThenCreateReturnsFalseAndKeepsTheFirst() {
    UserStore store = newStore();
    User alice = user("u-1", "alice");
    store.create(alice);

    assertThat(store.create(user("u-2", "alice"))).isFalse();

    assertThat(store.findById("u-2")).isEmpty();
    assertThat(store.findByUsername("alice")).contains(alice);
  }

  @Test
  void whenUsernameDiffersOnlyInCaseThenItIsTaken() {
    // User#username: unique, compared case-insensitively
    UserStore store = newStore();
    store.create(user("u-1", "Alice"));

    assertThat(store.create(user("u-2", "alice"))).isFalse();

    assertThat(store.findById("u-2")).isEmpty();
  }

  @Test
  void whenStoredWithUpperCaseThenFoundByLowerCaseUsername() {
    // UserStore#findByUsername: case-insensitive, given in lower case
    UserStore store = newStore();
    User alice = user("u-1", "Alice");
    store.create(alice);

    assertThat(store.findByUsername("alice")).contains(alice);
  }

  @Test
  void whenUpdatedWithNewUsernameThenOldNameFreedAndNewNameFound() {
    UserStore store = newStore();
    store.create(user("u-1", "alice"));
    User renamed = user("u-1", "alicia");

    assertThat(store.update(renamed)).isTrue();

    assertThat(store.findByUsername("alicia")).contains(renamed);
    assertThat(store.findByUsername("alice")).isEmpty();
    assertThat(store.create(user("u-2", "alice"))).isTrue();
  }

  @Test
  void whenUpdateTakesAnotherUsersUsernameThenFalseAndNothingChanges() {
    UserStore store = newStore();
    User alice = user("u-1", "alice");
    User bob = user("u-2", "bob");
    store.create(alice);
    store.create(bob);

    assertThat(store.update(user("u-2", "alice"))).isFalse();

    assertThat(store.findById("u-2")).contains(bob);
    assertThat(store.findByUsername("alice")).contains(alice);
  }

  @Test
  void whenUpdatingUnknownUserThenFalseAndNothingCreated() {
    UserStore store = newStore();

    assertThat(store.update(user("u-9", "ghost"))).isFalse();

    assertThat(store.findById("u-9")).isEmpty();
    assertThat(store.findByUsername("ghost")).isEmpty();
  }

  @Test
  void whenDeletedThenGoneByIdAndUsernameAndUsernameReusable() {
    UserStore store = newStore();
    store.create(user("u-1", "alice"));

    assertThat(store.delete("u-1")).isTrue();

    assertThat(store.findById("u-1")).isEmpty();
    assertThat(store.findByUsername("alice")).isEmpty();
    assertThat(store.delete("u-1")).isFalse();
    assertThat(store.create(user("u-2", "alice"))).isTrue();
  }

  @Test
  void whenListedByCursorThenPagesFollowIdOrder() {
    UserStore store = newStore();
    for (String id : List.of("u3", "U1", "u2", "u4")) {
      store.create(user(id, "name-" + id));
    }

    assertThat(store.list(null, null, 2)).extracting(User::id).containsExactly("U1", "u2");
    assertThat(store.list(null, "u2", 2)).extracting(User::id).containsExactly("u3", "u4");
    assertThat(store.list(null, "u4", 2)).isEmpty();
  }

  @Test
  void whenSearchedThenUsernameOrEmailMatchesIgnoringCase() {
    UserStore store = newStore();
    store.create(user("1", "alice"));
    store.create(user("2", "bob"));
    store.create(new User("3", "carol", "Carol@Alice-Corp.example", false, null, Map.of(), null, CREATED));

    assertThat(store.list("ALICE", null, 10)).extracting(User::id).containsExactly("1", "3");
    assertThat(store.list("bob@", null, 10)).extracting(User::id).containsExactly("2");
    assertThat(store.list("_", null, 10)).isEmpty();
  }

  @Test
  void whenRolesSetThenReadBackAndReplaced() {
    UserStore store = newStore();
    store.create(user("1", "alice"));

    assertThat(store.roles("1")).isEmpty();
    assertThat(store.anyWithRole("admin")).isFalse();
    assertThat(store.setRoles("1", Set.of("admin", "auditor"))).isTrue();
    assertThat(store.roles("1")).containsExactlyInAnyOrder("admin", "auditor");
    assertThat(store.anyWithRole("admin")).isTrue();

    assertThat(store.setRoles("1", Set.of("auditor"))).isTrue();
    assertThat(store.roles("1")).containsExactly("auditor");
    assertThat(store.anyWithRole("admin")).isFalse();
  }

  @Test
  void whenUserUnknownThenRolesNotSet() {
    UserStore store = newStore();

    assertThat(store.setRoles("ghost", Set.of("admin"))).isFalse();
    assertThat(store.roles("ghost")).isEmpty();
    assertThat(store.anyWithRole("admin")).isFalse();
  }

  @Test
  void whenUserDeletedThenRolesGone() {
    UserStore store = newStore();
    store.create(user("1", "alice"));
    store.setRoles("1", Set.of("admin"));

    store.delete("1");

    assertThat(store.roles("1")).isEmpty();
    assertThat(store.anyWithRole("admin")).isFalse();
  }
}
