-- AccountTokenStore: single-use verification / reset / invitation links, keyed by SHA-256 of the
-- token value (never the value); a pending e-mail change waits here (email = the new address).
CREATE TABLE sso_account_token (
    token_hash text PRIMARY KEY,
    purpose    text        NOT NULL,
    subject    text,
    email      text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sso_account_token_subject_idx ON sso_account_token (subject, purpose);
CREATE INDEX sso_account_token_expires_at_idx ON sso_account_token (expires_at);

-- MfaStore: one TOTP enrolment per account; recovery codes as SHA-256 hashes.
CREATE TABLE sso_mfa (
    subject             text PRIMARY KEY,
    secret              text        NOT NULL,
    confirmed           boolean     NOT NULL,
    recovery_code_hashes text[]     NOT NULL,
    created_at          timestamptz NOT NULL
);
