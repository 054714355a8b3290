-- ClientOptions (resource indicators, PKCE policy, keys, logout channels) as RFC 7591 metadata:
-- one JSON object, so a new option needs no schema change.
ALTER TABLE sso_client ADD COLUMN options jsonb NOT NULL DEFAULT '{}';
