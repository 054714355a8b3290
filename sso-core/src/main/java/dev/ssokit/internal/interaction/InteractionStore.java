package dev.ssokit.internal.interaction;

import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pending interactions in the {@link Cache}, under {@code interaction:<id>}. */
public final class InteractionStore {
  private static final String PREFIX = "interaction:";
  private final Cache cache;
  private final Clock clock;
  private final Duration lifetime;

  public InteractionStore(Cache cache, Clock clock, Duration lifetime) {
    this.cache = cache;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public Interaction create(AuthorizationContext request, String bindingHash, String subject, Instant authTime,
                            List<String> amr, boolean loginRequired) {
    Interaction interaction = new Interaction(OpaqueToken.generate(), request, bindingHash, OpaqueToken.generate(),
        subject, authTime, amr, loginRequired, null, clock.instant().plus(lifetime));
    save(interaction);
    return interaction;
  }

  public Optional<Interaction> find(String id) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    return cache.get(PREFIX + id).flatMap(InteractionStore::decode);
  }

  public void save(Interaction interaction) {
    cache.put(PREFIX + interaction.id(), interaction.toJson(), interaction.expiresAt());
  }

  /** Removes the interaction; true for exactly one caller, so it completes once. */
  public boolean complete(String id) {
    return cache.take(PREFIX + id).isPresent();
  }

  private static Optional<Interaction> decode(String json) {
    try {
      return Optional.of(Interaction.fromJson(json));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
