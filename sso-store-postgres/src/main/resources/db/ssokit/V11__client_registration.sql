-- ClientRegistrationStore (issue 9): dynamic client registration, RFC 7591 / RFC 7592.

-- Initial access tokens an administrator issued (only the SHA-256 of each value).
CREATE TABLE sso_initial_access_token (
    id                           text        PRIMARY KEY,
    token_hash                   text        NOT NULL UNIQUE,
    created_at                   timestamptz NOT NULL,
    expires_at                   timestamptz NOT NULL,
    single_use                   boolean     NOT NULL,
    used_at                      timestamptz,
    allowed_grant_types          text[]      NOT NULL,
    allowed_scopes               text[]      NOT NULL,
    allowed_redirect_uri_schemes text[]      NOT NULL,
    created_by                   text
);

-- The registration access token of each dynamically registered client (only its SHA-256).
CREATE TABLE sso_registration_access_token (
    client_id  text PRIMARY KEY,
    token_hash text NOT NULL
);
