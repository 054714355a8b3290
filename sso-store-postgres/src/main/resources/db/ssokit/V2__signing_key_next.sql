-- SigningKeyStore rotation (DESIGN.md §5): at most one NEXT key per algorithm, as for ACTIVE, so
-- instances racing to publish the next key agree on one.
CREATE UNIQUE INDEX sso_signing_key_one_next_key ON sso_signing_key (algorithm) WHERE status = 'NEXT';
