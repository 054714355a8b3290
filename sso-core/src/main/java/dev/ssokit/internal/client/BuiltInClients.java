package dev.ssokit.internal.client;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client store as the provider sees it: the host's store plus the provider's own built-in
 * clients (Swagger UI's public client), which are part of the code, not of any database: found by
 * id, never listed, never changed or deleted, and their ids cannot be registered by anyone else.
 */
public final class BuiltInClients implements ClientStore {
  private final ClientStore store;
  private final Map<String, Client> builtIn;

  public BuiltInClients(ClientStore store, Map<String, Client> builtIn) {
    this.store = store;
    this.builtIn = Map.copyOf(builtIn);
  }

  /** Whether {@code clientId} is one of the provider's own clients. */
  public boolean isBuiltIn(String clientId) {
    return builtIn.containsKey(clientId);
  }

  @Override
  public Optional<Client> find(String clientId) {
    Client own = builtIn.get(clientId);
    return own != null ? Optional.of(own) : store.find(clientId);
  }

  @Override
  public boolean create(Client client) {
    return !builtIn.containsKey(client.clientId()) && store.create(client);
  }

  @Override
  public boolean update(Client client) {
    return !builtIn.containsKey(client.clientId()) && store.update(client);
  }

  @Override
  public boolean delete(String clientId) {
    return !builtIn.containsKey(clientId) && store.delete(clientId);
  }

  @Override
  public List<Client> list(int offset, int limit) {
    return store.list(offset, limit);
  }

  @Override
  public List<Client> list(String owner, String nameContains, String afterClientId, int limit) {
    return store.list(owner, nameContains, afterClientId, limit);
  }
}
