-- The OIDC claims request (OIDC Core §5.5) of a grant, so refreshed tokens release the same claims.
ALTER TABLE sso_refresh_token ADD COLUMN claims text;
