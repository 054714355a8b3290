-- SSO Kit durable store, schema version 1. Applied by PostgresStore.migrate (Flyway, history
-- table ssokit_schema_history) into the connection's current schema.
--
-- No foreign keys between these tables, on purpose: every SPI may be used on its own (a host can
-- keep clients in its configuration and refresh tokens here), and subjects may come from the
-- host's own UserDirectory, so neither client_id nor subject always has a row to reference.
-- Sets are text[]; ordered lists (redirect URIs) are text[] in order; claim maps are jsonb.

-- ClientStore. COLLATE "C": list() pages in client_id code-point order, served by the key index.
CREATE TABLE sso_client (
    client_id                  text COLLATE "C" PRIMARY KEY,
    secret_hash                text,
    client_name                text        NOT NULL,
    redirect_uris              text[]      NOT NULL,
    post_logout_redirect_uris  text[]      NOT NULL,
    grant_types                text[]      NOT NULL,
    scopes                     text[]      NOT NULL,
    token_endpoint_auth_method text        NOT NULL,
    application_type           text        NOT NULL,
    access_token_format        text        NOT NULL,
    created_at                 timestamptz NOT NULL
);

-- UserStore. User#username is unique case-insensitively.
CREATE TABLE sso_user (
    id             text PRIMARY KEY,
    username       text        NOT NULL,
    email          text,
    email_verified boolean     NOT NULL,
    password_hash  text,
    claims         jsonb       NOT NULL,
    locked_until   timestamptz,
    created_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX sso_user_username_lower_key ON sso_user (lower(username));

-- ConsentStore: one consent per user and client; purgeExpired walks expires_at.
CREATE TABLE sso_consent (
    subject    text        NOT NULL,
    client_id  text        NOT NULL,
    scopes     text[]      NOT NULL,
    granted_at timestamptz NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (subject, client_id)
);
CREATE INDEX sso_consent_expires_at_idx ON sso_consent (expires_at) WHERE expires_at IS NOT NULL;

-- RefreshTokenStore: rows keyed by SHA-256 of the token value (DESIGN.md 4 rule 1), never the value.
CREATE TABLE sso_refresh_token (
    token_hash text PRIMARY KEY,
    family_id  text        NOT NULL,
    client_id  text        NOT NULL,
    subject    text        NOT NULL,
    scopes     text[]      NOT NULL,
    session_id text,
    auth_time  timestamptz,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used       boolean     NOT NULL DEFAULT false,
    revoked    boolean     NOT NULL DEFAULT false
);
CREATE INDEX sso_refresh_token_family_idx ON sso_refresh_token (family_id);
CREATE INDEX sso_refresh_token_session_idx ON sso_refresh_token (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX sso_refresh_token_expires_at_idx ON sso_refresh_token (expires_at);

-- SigningKeyStore. The partial unique index is what makes addActiveIfAbsent exclusive across
-- instances: at most one ACTIVE key per algorithm.
CREATE TABLE sso_signing_key (
    kid        text PRIMARY KEY,
    algorithm  text        NOT NULL,
    material   text        NOT NULL,
    status     text        NOT NULL CHECK (status IN ('NEXT', 'ACTIVE', 'RETIRED')),
    created_at timestamptz NOT NULL,
    seq        bigint GENERATED ALWAYS AS IDENTITY
);
CREATE UNIQUE INDEX sso_signing_key_one_active_key ON sso_signing_key (algorithm) WHERE status = 'ACTIVE';

-- AuditLog: append-only; recent() reads newest first by time, id breaking ties.
CREATE TABLE sso_audit_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_time timestamptz NOT NULL,
    type       text        NOT NULL,
    subject    text,
    client_id  text,
    ip         text,
    details    jsonb       NOT NULL
);
CREATE INDEX sso_audit_event_time_idx ON sso_audit_event (event_time, id);
