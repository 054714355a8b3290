package dev.ssokit.internal.metrics;

import dev.ssokit.internal.grant.TokenUsage;
import dev.ssokit.spi.ProviderMetrics;

/**
 * Counts the tokens the token endpoint issues (grant type and client, as the endpoint already knows
 * them) on their way to the application statistics: the request's form is not read a second time.
 */
public final class MeteredTokenUsage implements TokenUsage {
  private final TokenUsage usage;
  private final ProviderMetrics metrics;

  private MeteredTokenUsage(TokenUsage usage, ProviderMetrics metrics) {
    this.usage = usage;
    this.metrics = metrics;
  }

  /** {@code usage} with its issued tokens counted; {@code usage} itself when nothing is measured. */
  public static TokenUsage wrap(TokenUsage usage, ProviderMetrics metrics) {
    return metrics == ProviderMetrics.NONE ? usage : new MeteredTokenUsage(usage, metrics);
  }

  @Override
  public void tokenIssued(String clientId, String grantType) {
    usage.tokenIssued(clientId, grantType);
    metrics.tokenIssued(grantType, clientId);
  }

  @Override
  public void userSeen(String clientId, String subject) {
    usage.userSeen(clientId, subject);
  }

  @Override
  public void clientAuthenticationFailed(String clientId) {
    usage.clientAuthenticationFailed(clientId);
  }
}
