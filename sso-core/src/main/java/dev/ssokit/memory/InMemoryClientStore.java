package dev.ssokit.memory;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link ClientStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryClientStore implements ClientStore {
  private final ConcurrentSkipListMap<String, Client> clients = new ConcurrentSkipListMap<>();

  @Override
  public Optional<Client> find(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }

  @Override
  public boolean create(Client client) {
    return clients.putIfAbsent(client.clientId(), client) == null;
  }

  @Override
  public boolean update(Client client) {
    return clients.replace(client.clientId(), client) != null;
  }

  @Override
  public boolean delete(String clientId) {
    return clients.remove(clientId) != null;
  }

  @Override
  public List<Client> list(int offset, int limit) {
    return clients.values().stream().skip(offset).limit(limit).toList();
  }

  @Override
  public List<Client> list(String owner, String nameContains, String afterClientId, int limit) {
    String needle = nameContains == null ? null : nameContains.toLowerCase(Locale.ROOT);
    return (afterClientId == null ? clients : clients.tailMap(afterClientId, false)).values().stream()
        .filter(c -> owner == null || owner.equals(c.options().owner()))
        .filter(c -> needle == null || c.clientName().toLowerCase(Locale.ROOT).contains(needle))
        .limit(limit).toList();
  }
}
