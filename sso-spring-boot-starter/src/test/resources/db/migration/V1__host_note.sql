-- the host application's own migration, beside SSO Kit's (SsoFlywayCoexistenceIT)
CREATE TABLE host_note (name text NOT NULL);
INSERT INTO host_note (name) VALUES ('created by the host''s V1');
