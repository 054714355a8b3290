-- The admin API (issue 9): user roles, cursor-paged listings and the audit query.

-- UserStore#roles: one row per user and role (admin, ...). No foreign key, as everywhere (V1);
-- PostgresUserStore#delete removes a user's roles in the same transaction.
CREATE TABLE sso_user_role (
    user_id text NOT NULL,
    role    text NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX sso_user_role_role_idx ON sso_user_role (role);

-- UserStore#list pages by id in code-point order, as the in-memory store does.
CREATE INDEX sso_user_id_c_idx ON sso_user ((id COLLATE "C"));

-- ClientStore#list(owner, ...): the applications a developer owns (ClientOptions#owner).
CREATE INDEX sso_client_owner_idx ON sso_client ((options ->> 'owner'));

-- ConsentStore#listBySubject is served by the primary key (subject, client_id); revokeClient and
-- RefreshTokenStore#revokeClient/countActiveFamilies by these.
CREATE INDEX sso_consent_client_idx ON sso_consent (client_id);
CREATE INDEX sso_refresh_token_client_idx ON sso_refresh_token (client_id);

-- AuditLog#query: newest first by id, filtered by subject or client.
CREATE INDEX sso_audit_event_subject_idx ON sso_audit_event (subject, id) WHERE subject IS NOT NULL;
CREATE INDEX sso_audit_event_client_idx ON sso_audit_event (client_id, id) WHERE client_id IS NOT NULL;
