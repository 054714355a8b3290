-- RFC 9449 §5: the thumbprint of the DPoP key a public client's refresh token is bound to (NULL: unbound).
ALTER TABLE sso_refresh_token ADD COLUMN jkt text;
