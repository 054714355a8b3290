package dev.ssokit.example.standalone;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SSO_SEED_FILE}: clients (RFC 7591 metadata plus {@code client_secret}) and users (OIDC
 * standard claims plus {@code username} and {@code password}) created at start. Idempotent: in
 * mode {@code create} (the default) a client id or username that exists is left as it is; in mode
 * {@code apply} ({@code SSO_SEED_MODE=apply}) the file is authoritative and existing clients and
 * users are updated to match it (secrets and passwords only where the file gives one).
 */
final class SeedFile {
  /** What a seeding run did, for the start-up banner. */
  record Result(List<String> createdClients, List<String> keptClients, List<String> createdUsers,
                List<String> keptUsers, List<String> updatedClients, List<String> updatedUsers) {
    /** The start-up banner's summary. */
    String summary() {
      return "clients created " + createdClients + (updatedClients.isEmpty() ? "" : ", updated " + updatedClients)
          + ", kept " + keptClients + "; users created " + createdUsers
          + (updatedUsers.isEmpty() ? "" : ", updated " + updatedUsers) + ", kept " + keptUsers;
    }
  }

  /** {@code SSO_SEED_MODE=create}: only what does not exist is created. */
  static final String MODE_CREATE = "create";
  /** {@code SSO_SEED_MODE=apply}: the file is authoritative. */
  static final String MODE_APPLY = "apply";

  private SeedFile() {}

  static Result apply(Path file, SsoProvider provider) throws IOException {
    return apply(file, provider, false);
  }

  /** @param authoritative {@code SSO_SEED_MODE=apply}: existing clients and users are updated to match */
  static Result apply(Path file, SsoProvider provider, boolean authoritative) throws IOException {
    Map<String, Object> root;
    try {
      root = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": not valid JSON: " + e.getMessage(), e);
    }
    for (String key : root.keySet()) {
      if (!Set.of("clients", "users").contains(key)) {
        throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": unknown top-level field " + key);
      }
    }
    Result result = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>(), new ArrayList<>());
    for (Map<String, Object> c : objects(root, "clients", file)) {
      ClientRegistration reg;
      try {
        reg = ClientRegistration.fromMetadata(c);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": client: " + e.getMessage(), e);
      }
      Object secret = c.get("client_secret");
      try {
        boolean created = provider.clients().importClient(reg, secret == null ? null : secret.toString());
        if (created) {
          result.createdClients().add(reg.clientId());
        } else if (authoritative && provider.clients().apply(reg, secret == null ? null : secret.toString())) {
          result.updatedClients().add(reg.clientId());
        } else {
          result.keptClients().add(reg.clientId());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": client " + reg.clientId() + ": "
            + e.getMessage(), e);
      }
    }
    for (Map<String, Object> u : objects(root, "users", file)) {
      Map<String, Object> claims = new HashMap<>(u);
      Object username = claims.remove("username");
      Object password = claims.remove("password");
      Object email = claims.remove("email");
      Object roles = claims.remove("roles");
      if (!(username instanceof String name) || !(password instanceof String pw)) {
        throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": every user needs username and password");
      }
      var existing = provider.users().findByUsername(name);
      if (existing.isPresent()) {
        boolean updated;
        try {
          updated = authoritative && provider.users().apply(existing.get().id(), pw,
              email == null ? null : email.toString(), claims);
          if (authoritative && roles != null) {
            Set<String> declared = roles(roles, name, file);
            updated |= !declared.equals(provider.users().roles(existing.get().id()))
                && provider.users().setRoles(existing.get().id(), declared);
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": user " + name + ": " + e.getMessage(), e);
        }
        (updated ? result.updatedUsers() : result.keptUsers()).add(name);
        continue;
      }
      boolean created;
      try {
        created = provider.users().create(name, pw, email == null ? null : email.toString(), claims).isPresent();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": user " + name + ": " + e.getMessage(), e);
      }
      // empty: another instance seeding the same database created it since the lookup above
      (created ? result.createdUsers() : result.keptUsers()).add(name);
      if (created && roles != null) {
        provider.users().setRoles(provider.users().findByUsername(name).orElseThrow().id(), roles(roles, name, file));
      }
    }
    return result;
  }

  /** A user's {@code roles}: an array of role names ({@code admin}). */
  private static Set<String> roles(Object value, String user, Path file) {
    Set<String> roles = new java.util.TreeSet<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof String s) || s.isBlank()) {
          throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": user " + user + ": roles must be an array"
              + " of role names");
        }
        roles.add(s);
      }
      return roles;
    }
    throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": user " + user + ": roles must be an array of"
        + " role names");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Map<String, Object> root, String key, Path file) {
    Object v = root.get(key);
    if (v == null) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
          continue;
        }
        throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": " + key + " must be an array of objects");
      }
      return out;
    }
    throw new IllegalArgumentException("SSO_SEED_FILE " + file + ": " + key + " must be an array of objects");
  }
}
