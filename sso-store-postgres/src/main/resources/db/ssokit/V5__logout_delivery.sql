-- OIDC Back-Channel Logout 1.0 deliveries: one row per client and ended (or scheduled to end)
-- session, claimed by one instance at a time (FOR UPDATE SKIP LOCKED) until made or given up.
CREATE TABLE sso_logout_delivery (
    id         text        PRIMARY KEY,
    client_id  text        NOT NULL,
    subject    text        NOT NULL,
    sid        text        NOT NULL,
    due_at     timestamptz NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0
);
CREATE INDEX sso_logout_delivery_due_at_idx ON sso_logout_delivery (due_at);
CREATE INDEX sso_logout_delivery_subject_idx ON sso_logout_delivery (subject);
