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
   * @param grantType             {@code authorization_code}, {@code refresh_token}, ...; {@code ""} for
   *                              counts of no grant (failed client authentications)
   * @param tokensIssued          token responses
   * @param failedAuthentications failed client authentications at the token endpoint
   * @param lastUsed              the latest of these events, or {@code null}
   */
  record Usage(String clientId, LocalDate day, String grantType, long tokensIssued, long failedAuthentications,
               Instant lastUsed) {
    public Usage {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(grantType, "grantType");
    }
  }

  /** Adds each row's counts to the stored ones (and keeps the later {@code lastUsed}). */
  void add(Collection<Usage> counts);

  /** Records that {@code subjects} used {@code clientId} at {@code seenAt} (keeps each subject's latest). */
  void addUsers(String clientId, Collection<String> subjects, Instant seenAt);

  /** The rows of {@code clientId} from {@code since} on, ordered by day then grant type. */
  List<Usage> read(String clientId, LocalDate since);

  /** How many distinct subjects used {@code clientId} at or after {@code since}. */
  long countUsers(String clientId, Instant since);

  /** Forgets everything about {@code clientId} (the client was deleted). */
  void delete(String clientId);
}
