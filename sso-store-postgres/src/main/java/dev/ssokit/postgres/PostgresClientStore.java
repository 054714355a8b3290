package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.json;
import static dev.ssokit.postgres.Columns.jsonMap;
import static dev.ssokit.postgres.Columns.setInstant;
import static dev.ssokit.postgres.Columns.setTextArray;
import static dev.ssokit.postgres.Columns.textList;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link ClientStore} on table {@code sso_client}. */
final class PostgresClientStore implements ClientStore {
  private static final String COLUMNS = "client_id, secret_hash, client_name, redirect_uris, "
      + "post_logout_redirect_uris, grant_types, scopes, token_endpoint_auth_method, application_type, "
      + "access_token_format, created_at, options";

  private final Database db;

  PostgresClientStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Client> find(String clientId) {
    return db.statement("clients.find", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sso_client WHERE client_id = ?")) {
        ps.setString(1, clientId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean create(Client client) {
    return db.statement("clients.create", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_client (" + COLUMNS + ")"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (client_id) DO NOTHING")) {
        ps.setString(1, client.clientId());
        bindFields(ps, client, 2);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean update(Client client) {
    return db.statement("clients.update", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_client SET secret_hash = ?, client_name = ?,"
          + " redirect_uris = ?, post_logout_redirect_uris = ?, grant_types = ?, scopes = ?,"
          + " token_endpoint_auth_method = ?, application_type = ?, access_token_format = ?, created_at = ?,"
          + " options = ?::jsonb WHERE client_id = ?")) {
        bindFields(ps, client, 1);
        ps.setString(12, client.clientId());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean delete(String clientId) {
    return db.statement("clients.delete", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_client WHERE client_id = ?")) {
        ps.setString(1, clientId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<Client> list(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
    }
    return db.statement("clients.list", c -> {
      // the column's "C" collation orders by code point, as the in-memory store does
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM sso_client ORDER BY client_id LIMIT ? OFFSET ?")) {
        ps.setInt(1, limit);
        ps.setInt(2, offset);
        try (ResultSet rs = ps.executeQuery()) {
          List<Client> out = new ArrayList<>();
          while (rs.next()) {
            out.add(read(rs));
          }
          return out;
        }
      }
    });
  }

  @Override
  public List<Client> list(String owner, String nameContains, String afterClientId, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sso_client WHERE true");
    List<String> values = new ArrayList<>();
    if (owner != null) {
      sql.append(" AND options ->> 'owner' = ?");
      values.add(owner);
    }
    if (nameContains != null) {
      sql.append(" AND strpos(lower(client_name), lower(?)) > 0");
      values.add(nameContains);
    }
    if (afterClientId != null) {
      sql.append(" AND client_id > ?");
      values.add(afterClientId);
    }
    sql.append(" ORDER BY client_id LIMIT ?");
    return db.statement("clients.listPage", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        for (String v : values) {
          ps.setString(i++, v);
        }
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          List<Client> out = new ArrayList<>();
          while (rs.next()) {
            out.add(read(rs));
          }
          return out;
        }
      }
    });
  }

  /** Binds every column but client_id, in {@link #COLUMNS} order, from parameter {@code first}. */
  private static void bindFields(PreparedStatement ps, Client client, int first) throws SQLException {
    int i = first;
    ps.setString(i++, client.secretHash());
    ps.setString(i++, client.clientName());
    setTextArray(ps, i++, client.redirectUris());
    setTextArray(ps, i++, client.postLogoutRedirectUris());
    setTextArray(ps, i++, client.grantTypes());
    setTextArray(ps, i++, client.scopes());
    ps.setString(i++, client.tokenEndpointAuthMethod());
    ps.setString(i++, client.applicationType());
    ps.setString(i++, client.accessTokenFormat());
    setInstant(ps, i++, client.createdAt());
    ps.setString(i, json(client.options().toMetadata()));
  }

  private static Client read(ResultSet rs) throws SQLException {
    return new Client(rs.getString("client_id"), rs.getString("secret_hash"), rs.getString("client_name"),
        uris(textList(rs, "redirect_uris")), uris(textList(rs, "post_logout_redirect_uris")),
        Set.copyOf(textList(rs, "grant_types")), Set.copyOf(textList(rs, "scopes")),
        rs.getString("token_endpoint_auth_method"), rs.getString("application_type"),
        rs.getString("access_token_format"), instant(rs, "created_at"), ClientOptions.fromMetadata(jsonMap(rs, "options")));
  }

  private static List<URI> uris(List<String> values) {
    return values.stream().map(URI::create).toList();
  }
}
