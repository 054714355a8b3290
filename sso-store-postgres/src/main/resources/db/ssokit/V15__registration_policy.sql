-- ClientRegistrationStore (issue 9): each dynamically registered client keeps the policy it registered
-- under (RFC 7592 updates stay within it after the initial access token is gone), and expired initial
-- access tokens are purged in batches.

ALTER TABLE sso_registration_access_token
    ADD COLUMN initial_access_token_id      text,
    ADD COLUMN allowed_grant_types          text[] NOT NULL DEFAULT '{}',
    ADD COLUMN allowed_scopes               text[] NOT NULL DEFAULT '{}',
    ADD COLUMN allowed_redirect_uri_schemes text[] NOT NULL DEFAULT '{}';

-- Clients registered before this version keep what updates allowed them until now: the default grant
-- types plus their own, and, when they hold an admin API scope (sso:admin, sso:apps), exactly their
-- scopes; otherwise any scope but those.
UPDATE sso_registration_access_token r
   SET allowed_grant_types = ARRAY(SELECT DISTINCT g FROM unnest(c.grant_types || ARRAY['authorization_code',
           'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code']) AS g ORDER BY g),
       allowed_scopes = CASE WHEN c.scopes && ARRAY['sso:admin', 'sso:apps'] THEN c.scopes ELSE '{}' END
  FROM sso_client c
 WHERE c.client_id = r.client_id;

CREATE INDEX sso_initial_access_token_expires_at_idx ON sso_initial_access_token (expires_at);
