#!/usr/bin/env bash
# Dynamic client registration (RFC 7591) and the client configuration endpoint (RFC 7592) against a
# running standalone server, with curl only, exactly as the README walks through it: an administrator
# issues an initial access token, a client registers with it, reads, updates (the registration access
# token rotates), and deletes itself. Runs as often as you like. Usage:
#   examples/standalone-server/scripts/registration-walkthrough.sh <demo-admin client_secret> [issuer]
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 <demo-admin client_secret> [issuer, default http://localhost:9000]" >&2
  exit 2
fi
ADMIN_SECRET=$1 ISSUER=${2:-http://localhost:9000}
ISSUER=${ISSUER%/}
fail() { echo "FAILED: $*" >&2; exit 1; }
json() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
# call METHOD URL BEARER [JSON]: prints the body, then the status on a line of its own
call() {
  local args=(-sS -X "$1" "$2" -H "Authorization: Bearer $3" -w '\n%{http_code}')
  if [ $# -ge 4 ]; then args+=(-H 'Content-Type: application/json' -d "$4"); fi
  curl "${args[@]}"
}
status() { tail -n 1; }
body() { sed '$d'; }

echo "== 0. discovery names the registration endpoint"
REGISTER=$(curl -sS -f "$ISSUER/.well-known/openid-configuration" | json registration_endpoint) \
  || fail "no SSO Kit server answers at $ISSUER (start it first: java -jar examples/standalone-server/target/sso-server.jar)"
[ "$REGISTER" = "$ISSUER/register" ] || fail "registration_endpoint is '$REGISTER'"
echo "   $REGISTER"

echo "== 1. the administrator's token: client_credentials of demo-admin, scope sso:admin"
ADMIN_TOKEN=$(curl -sS -u "demo-admin:$ADMIN_SECRET" -d grant_type=client_credentials -d scope=sso:admin \
  "$ISSUER/token" | json access_token)
[ -n "$ADMIN_TOKEN" ] || fail "no admin token: is $ADMIN_SECRET the demo-admin secret printed at start?"

echo "== 2. POST /api/initial-access-tokens: single-use, 1 hour, openid/profile, https redirect URIs only"
R=$(call POST "$ISSUER/api/initial-access-tokens" "$ADMIN_TOKEN" \
  '{"expires_in":3600,"single_use":true,"allowed_scopes":["openid","profile"],"allowed_redirect_uri_schemes":["https"]}')
[ "$(status <<<"$R")" = 201 ] || fail "initial access token: $R"
IAT=$(body <<<"$R" | json token)
echo "   id $(body <<<"$R" | json id)"

echo "== 3. POST /register with it"
METADATA='{"client_name":"Billing","redirect_uris":["https://billing.example/cb"],"grant_types":["authorization_code","refresh_token"],"scope":"openid profile"}'
R=$(call POST "$REGISTER" "$IAT" "$METADATA")
[ "$(status <<<"$R")" = 201 ] || fail "registration: $R"
CLIENT_ID=$(body <<<"$R" | json client_id)
RAT=$(body <<<"$R" | json registration_access_token)
URI=$(body <<<"$R" | json registration_client_uri)
[ -n "$(body <<<"$R" | json client_secret)" ] || fail "no client_secret in $R"
echo "   client_id $CLIENT_ID, configuration at $URI"
[ "$(call POST "$REGISTER" "$IAT" "$METADATA" | status)" = 401 ] || fail "the single-use token worked twice"
echo "   the initial access token is used up (a second registration: 401)"

echo "== 4. GET the registration (RFC 7592 §2.1)"
R=$(call GET "$URI" "$RAT")
[ "$(status <<<"$R")" = 200 ] || fail "read: $R"
echo "   client_name $(body <<<"$R" | json client_name)"

echo "== 5. PUT the whole metadata, renamed (RFC 7592 §2.2): the answer carries a new registration access token"
UPDATED="{\"client_id\":\"$CLIENT_ID\",\"client_name\":\"Billing v2\",\"redirect_uris\":[\"https://billing.example/cb\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"scope\":\"openid profile\"}"
R=$(call PUT "$URI" "$RAT" "$UPDATED")
[ "$(status <<<"$R")" = 200 ] || fail "update: $R"
[ "$(body <<<"$R" | json client_name)" = "Billing v2" ] || fail "not renamed: $R"
OLD_RAT=$RAT
RAT=$(body <<<"$R" | json registration_access_token)
[ -n "$RAT" ] && [ "$RAT" != "$OLD_RAT" ] || fail "the registration access token did not rotate"
[ "$(call GET "$URI" "$OLD_RAT" | status)" = 401 ] || fail "the old registration access token still works"
echo "   renamed; the old registration access token answers 401"

echo "== 6. an update outside the token's policy (scope email) is refused, naming the field"
R=$(call PUT "$URI" "$RAT" "${UPDATED/openid profile/openid email}")
[ "$(status <<<"$R")" = 400 ] || fail "expected 400: $R"
echo "   $(body <<<"$R" | json error): $(body <<<"$R" | json error_description)"

echo "== 7. DELETE the registration (RFC 7592 §2.3)"
[ "$(call DELETE "$URI" "$RAT" | status)" = 204 ] || fail "delete"
[ "$(call GET "$URI" "$RAT" | status)" = 401 ] || fail "the deleted client's registration still answers"
echo "   deleted; its registration access token answers 401"
echo "OK"
