#!/usr/bin/env bash
# The authorization code flow with PKCE against a running standalone server, with curl only,
# exactly as the README walks through it. Runs from any directory, as often as you like (a
# remembered consent is recognised and skipped). Usage:
#   examples/standalone-server/scripts/curl-walkthrough.sh <demo-web client_secret> <demo user password> [issuer]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 <demo-web client_secret> <demo user password> [issuer, default http://localhost:9000]" >&2
  exit 2
fi
SECRET=$1 PASSWORD=$2 ISSUER=${3:-http://localhost:9000}
ISSUER=${ISSUER%/}
REDIRECT=http://localhost:8080/callback
JAR=$(mktemp); trap 'rm -f "$JAR"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
field() { grep -o "name=\"$1\" value=\"[^\"]*\"" | sed 's/.*value="//; s/"$//'; }
query() { sed -n "s/.*[?&]$1=\([^&]*\).*/\1/p"; }
json() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
web() { curl -sS -c "$JAR" -b "$JAR" "$@"; }

echo "== 0. GET /.well-known/openid-configuration"
curl -sS -f -o /dev/null "$ISSUER/.well-known/openid-configuration" \
  || fail "no SSO Kit server answers at $ISSUER (start it first: java -jar examples/standalone-server/target/sso-server.jar)"
echo "   $ISSUER answers"

echo "== 1. PKCE: a random code_verifier and its S256 code_challenge"
VERIFIER=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')

echo "== 2. GET /authorize -> redirect to the login page"
AUTHORIZE="$ISSUER/authorize?response_type=code&client_id=demo-web&redirect_uri=$REDIRECT&scope=openid%20profile%20email%20offline_access&state=af0ifjsldkj&nonce=n-0S6_WzA2Mj&code_challenge=$CHALLENGE&code_challenge_method=S256"
LOGIN_PAGE=$(web -o /dev/null -w '%{redirect_url}' "$AUTHORIZE")
case "$LOGIN_PAGE" in
  */interaction/login*) echo "   $LOGIN_PAGE" ;;
  *) fail "/authorize did not redirect to the login page (got '$LOGIN_PAGE'): is demo-web registered with $REDIRECT?" ;;
esac

echo "== 3. Login form: POST username, password and the form's csrf_token"
FORM=$(web "$LOGIN_PAGE")
NEXT=$(web -o /dev/null -w '%{redirect_url}' \
  --data-urlencode "interaction=$(echo "$FORM" | field interaction)" \
  --data-urlencode "csrf_token=$(echo "$FORM" | field csrf_token)" \
  --data-urlencode "username=demo" --data-urlencode "password=$PASSWORD" "$ISSUER/interaction/login")
[ -n "$NEXT" ] || fail "the login was refused: wrong password for user demo?"
echo "   $NEXT"

case "$NEXT" in
  "$REDIRECT"*)
    echo "== 4. Consent: already given earlier (remembered per user, client and scopes), skipped"
    CALLBACK=$NEXT ;;
  *)
    echo "== 4. Consent page: allow"
    FORM=$(web "$NEXT")
    CALLBACK=$(web -o /dev/null -w '%{redirect_url}' \
      --data-urlencode "interaction=$(echo "$FORM" | field interaction)" \
      --data-urlencode "csrf_token=$(echo "$FORM" | field csrf_token)" -d decision=allow "$ISSUER/interaction/consent")
    echo "   $CALLBACK" ;;
esac
CODE=$(echo "$CALLBACK" | query code)
[ -n "$CODE" ] || fail "no code in the redirect back to the client: '$CALLBACK'"

echo "== 5. POST /token: code + code_verifier, client_secret_basic (a code lives 60 s and works once)"
TOKENS=$(curl -sS -u "demo-web:$SECRET" -d grant_type=authorization_code -d "code=$CODE" \
  -d "redirect_uri=$REDIRECT" -d "code_verifier=$VERIFIER" "$ISSUER/token")
ACCESS=$(echo "$TOKENS" | json access_token); REFRESH=$(echo "$TOKENS" | json refresh_token)
[ -n "$ACCESS" ] && [ -n "$REFRESH" ] || fail "no tokens from /token: $TOKENS (wrong client secret?)"
echo "   $TOKENS" | cut -c1-160

echo "== 6. GET /userinfo with the access token"
curl -sS -H "Authorization: Bearer $ACCESS" "$ISSUER/userinfo"; echo

echo "== 7. POST /token grant_type=refresh_token: a new pair, the old refresh token is now used up"
TOKENS=$(curl -sS -u "demo-web:$SECRET" -d grant_type=refresh_token -d "refresh_token=$REFRESH" "$ISSUER/token")
ACCESS=$(echo "$TOKENS" | json access_token)
[ -n "$ACCESS" ] || fail "refresh refused: $TOKENS"
echo "   new refresh token: $(echo "$TOKENS" | json refresh_token | cut -c1-12)…"

echo "== 8. POST /introspect, then /revoke, then /introspect again"
curl -sS -u "demo-web:$SECRET" -d "token=$ACCESS" "$ISSUER/introspect" | cut -c1-120; echo
curl -sS -o /dev/null -w '   revoke: HTTP %{http_code}\n' -u "demo-web:$SECRET" -d "token=$ACCESS" "$ISSUER/revoke"
curl -sS -u "demo-web:$SECRET" -d "token=$ACCESS" "$ISSUER/introspect"; echo
echo "== done: every step answered as expected"
