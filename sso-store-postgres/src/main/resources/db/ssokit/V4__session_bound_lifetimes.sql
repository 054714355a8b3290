-- Refresh-token families get an absolute lifetime counted from the original grant, and accounts
-- can be disabled (issue 7, items 5 and 9).

-- RefreshToken#grantedAt: when the family was granted. Rows written before this version get the
-- earliest issued_at still stored for their family: used tokens are kept until they expire, so this is
-- the original grant unless the purge already removed the family's oldest rows (then it is later,
-- never earlier, and such a family simply lives a little longer once).
ALTER TABLE sso_refresh_token ADD COLUMN granted_at timestamptz;
UPDATE sso_refresh_token t SET granted_at = f.first_issued
  FROM (SELECT family_id, min(issued_at) AS first_issued FROM sso_refresh_token GROUP BY family_id) f
  WHERE t.family_id = f.family_id;

-- A writer that does not know the column (an instance still on the previous version during a rolling
-- upgrade, a host's own SQL) inserts without it: the row then joins its family's grant time, or starts
-- one at its own issued_at. So a rotation by an old instance never restarts a family's absolute lifetime.
CREATE FUNCTION sso_refresh_token_granted_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.granted_at := COALESCE(
      (SELECT min(granted_at) FROM sso_refresh_token WHERE family_id = NEW.family_id), NEW.issued_at);
  RETURN NEW;
END
$$;
CREATE TRIGGER sso_refresh_token_granted_at BEFORE INSERT ON sso_refresh_token
  FOR EACH ROW WHEN (NEW.granted_at IS NULL) EXECUTE FUNCTION sso_refresh_token_granted_at();
ALTER TABLE sso_refresh_token ALTER COLUMN granted_at SET NOT NULL;
-- RefreshTokenStore#revokeSubject (account disabled or deleted)
CREATE INDEX sso_refresh_token_subject_idx ON sso_refresh_token (subject);

-- User#disabled
ALTER TABLE sso_user ADD COLUMN disabled boolean NOT NULL DEFAULT false;
