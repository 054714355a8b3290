-- Login by e-mail address (UserStore.findByEmail): case-insensitive lookup without a table scan.
-- Not unique: existing rows may share an address; such an address then signs in nobody.
CREATE INDEX sso_user_lower_email ON sso_user (lower(email));
