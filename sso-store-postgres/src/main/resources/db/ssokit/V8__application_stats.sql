-- ApplicationStatsStore (issue 9): usage counts that every instance adds to at each flush.

-- One row per client, UTC day and grant type ('' for failed client authentications).
CREATE TABLE sso_client_usage (
    client_id    text   NOT NULL,
    day          date   NOT NULL,
    grant_type   text   NOT NULL,
    tokens       bigint NOT NULL,
    auth_failures bigint NOT NULL,
    last_used    timestamptz,
    PRIMARY KEY (client_id, day, grant_type)
);

-- Distinct users of a client: one row per (client, subject), the last time it was seen.
CREATE TABLE sso_client_user (
    client_id text        NOT NULL,
    subject   text        NOT NULL,
    last_seen timestamptz NOT NULL,
    PRIMARY KEY (client_id, subject)
);
