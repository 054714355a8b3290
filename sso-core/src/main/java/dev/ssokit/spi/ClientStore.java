package dev.ssokit.spi;

import java.util.List;
import java.util.Optional;

/**
 * Durable home of registered clients.
 *
 * <p>IMPORTANT: stores never see plain client secrets, only {@link Client#secretHash()}.
 */
public interface ClientStore {

  /**
   * Looks a client up by {@code client_id}.
   *
   * @param clientId the client id
   * @return the client, or empty when there is none
   */
  Optional<Client> find(String clientId);

  /**
   * Inserts a client.
   *
   * @param client the client
   * @return {@code false}, changing nothing, when the id is already taken
   */
  boolean create(Client client);

  /**
   * Replaces an existing client.
   *
   * @param client the client, identified by its id
   * @return {@code false} when there is no client with that id
   */
  boolean update(Client client);

  /**
   * Deletes a client.
   *
   * @param clientId the client id
   * @return {@code false} when there was none
   */
  boolean delete(String clientId);

  /**
   * Clients ordered by {@code client_id}, a page at a time.
   *
   * @param offset the clients skipped
   * @param limit  the most clients returned
   * @return the page, empty past the end
   */
  List<Client> list(int offset, int limit);

  /**
   * Clients ordered by {@code client_id}, those after {@code afterClientId} ({@code null}: from the
   * first), at most {@code limit}: cursor paging of the admin API.
   *
   * @param owner        only clients whose {@link ClientOptions#owner()} is this subject, or {@code null} for any
   * @param nameContains only clients whose {@code client_name} contains this text, ignoring case, or {@code null}
   * @param afterClientId the last {@code client_id} of the previous page, or {@code null} for the first page
   * @param limit        the most clients returned
   * @return the page, empty past the end
   * @throws StoreException when the store cannot be read
   */
  List<Client> list(String owner, String nameContains, String afterClientId, int limit);
}
