package dev.ssokit.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Durable home of application usage statistics: counts every instance aggregates in memory and
 * adds here now and then, so the figures survive restarts and add up across instances.
 *
 * <p>IMPORTANT: {@link #add} adds to what is stored (never replaces), atomically per row, so any
 * number of instances may flush at the same time.
 */
public interface ApplicationStatsStore {

  /**
   * One row of counts: what happened to a client on a day (UTC) through a grant type.
   *
   * @param clientId              the client's {@code client_id}; never {@code null}
   * @param day                   the day (UTC) the events happened; never {@code null}
   * @param grantType             {@code authorization_code}, {@code refresh_token}, ...; {@code ""} for
   *                              counts of no grant (failed client authentications)
   * @param tokensIssued          token responses
   * @param failedAuthentications failed client authentications at the token endpoint
   * @param lastUsed              the latest of these events, or {@code null}
   */
  record Usage(String clientId, LocalDate day, String grantType, long tokensIssued, long failedAuthentications,
               Instant lastUsed) {
    /**
     * Checks the key components.
     *
     * @param clientId              the client's {@code client_id}
     * @param day                   the day (UTC) the events happened
     * @param grantType             the grant type, {@code ""} for counts of no grant
     * @param tokensIssued          token responses
     * @param failedAuthentications failed client authentications at the token endpoint
     * @param lastUsed              the latest of these events, or {@code null}
     * @throws NullPointerException when {@code clientId}, {@code day} or {@code grantType} is {@code null}
     */
    public Usage {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(grantType, "grantType");
    }
  }

  /**
   * Adds each row's counts to the stored ones (and keeps the later {@code lastUsed}); a row not
   * stored yet is created with these counts.
   *
   * @param counts the rows to add, identified by client, day and grant type; may be empty
   * @throws StoreException when the store cannot be written
   */
  void add(Collection<Usage> counts);

  /**
   * Records that {@code subjects} used {@code clientId} at {@code seenAt} (keeps each subject's latest).
   *
   * @param clientId the client's {@code client_id}
   * @param subjects the {@code sub} values of the users who obtained tokens; may be empty
   * @param seenAt   when they were seen
   * @throws StoreException when the store cannot be written
   */
  void addUsers(String clientId, Collection<String> subjects, Instant seenAt);

  /**
   * The rows of {@code clientId} from {@code since} on, ordered by day then grant type.
   *
   * @param clientId the client's {@code client_id}
   * @param since    the first day (UTC) included
   * @return the rows, empty when there are none
   * @throws StoreException when the store cannot be read
   */
  List<Usage> read(String clientId, LocalDate since);

  /**
   * How many distinct subjects used {@code clientId} at or after {@code since}.
   *
   * @param clientId the client's {@code client_id}
   * @param since    the earliest last-seen instant counted (inclusive)
   * @return the number of distinct subjects, {@code 0} when none
   * @throws StoreException when the store cannot be read
   */
  long countUsers(String clientId, Instant since);

  /**
   * Forgets everything about {@code clientId} (the client was deleted): its counts and its users.
   *
   * @param clientId the client's {@code client_id}
   * @throws StoreException when the store cannot be written
   */
  void delete(String clientId);
}
