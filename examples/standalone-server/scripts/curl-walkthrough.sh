#!/usr/bin/env bash
# The authorization code flow with PKCE against a running standalone server, with curl only,
# exactly as the README walks through it. Usage:
#   scripts/curl-walkthrough.sh <demo-web client_secret> <demo user password> [issuer]
set -euo pipefail
SECRET=$1 PASSWORD=$2 ISSUER=${3:-http://localhost:9000}
REDIRECT=http://localhost:8080/callback
JAR=$(mktemp); trap 'rm -f "$JAR"' EXIT
field() { grep -o "name=\"$1\" value=\"[^\"]*\"" | sed 's/.*value="//; s/"$//'; }
query() { sed -n "s/.*[?&]$1=\([^&]*\).*/\1/p"; }

echo "== 1. PKCE: a random code_verifier and its S256 code_challenge"
VERIFIER=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')

echo "== 2. GET /authorize -> redirect to the login page"
AUTHORIZE="$ISSUER/authorize?response_type=code&client_id=demo-web&redirect_uri=$REDIRECT&scope=openid%20profile%20email%20offline_access&state=af0ifjsldkj&nonce=n-0S6_WzA2Mj&code_challenge=$CHALLENGE&code_challenge_method=S256"
LOGIN_PAGE=$(curl -s -c "$JAR" -b "$JAR" -o /dev/null -w '%{redirect_url}' "$AUTHORIZE")
echo "   $LOGIN_PAGE"

echo "== 3. Login form: POST username, password and the form's csrf_token"
FORM=$(curl -s -c "$JAR" -b "$JAR" "$LOGIN_PAGE")
NEXT=$(curl -s -c "$JAR" -b "$JAR" -o /dev/null -w '%{redirect_url}' \
  --data-urlencode "interaction=$(echo "$FORM" | field interaction)" \
  --data-urlencode "csrf_token=$(echo "$FORM" | field csrf_token)" \
  --data-urlencode "username=demo" --data-urlencode "password=$PASSWORD" "$ISSUER/interaction/login")
echo "   $NEXT"

echo "== 4. Consent page: allow"
FORM=$(curl -s -c "$JAR" -b "$JAR" "$NEXT")
CALLBACK=$(curl -s -c "$JAR" -b "$JAR" -o /dev/null -w '%{redirect_url}' \
  --data-urlencode "interaction=$(echo "$FORM" | field interaction)" \
  --data-urlencode "csrf_token=$(echo "$FORM" | field csrf_token)" -d decision=allow "$ISSUER/interaction/consent")
echo "   $CALLBACK"
CODE=$(echo "$CALLBACK" | query code)

echo "== 5. POST /token: code + code_verifier, client_secret_basic"
TOKENS=$(curl -s -u "demo-web:$SECRET" -d grant_type=authorization_code -d "code=$CODE" \
  -d "redirect_uri=$REDIRECT" -d "code_verifier=$VERIFIER" "$ISSUER/token")
echo "   $TOKENS" | cut -c1-160
json() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
ACCESS=$(echo "$TOKENS" | json access_token); REFRESH=$(echo "$TOKENS" | json refresh_token)

echo "== 6. GET /userinfo with the access token"
curl -s -H "Authorization: Bearer $ACCESS" "$ISSUER/userinfo"; echo

echo "== 7. POST /token grant_type=refresh_token: a new pair, the old refresh token is now used up"
TOKENS=$(curl -s -u "demo-web:$SECRET" -d grant_type=refresh_token -d "refresh_token=$REFRESH" "$ISSUER/token")
ACCESS=$(echo "$TOKENS" | json access_token); echo "   new refresh token: $(echo "$TOKENS" | json refresh_token | cut -c1-12)…"

echo "== 8. POST /introspect, then /revoke, then /introspect again"
curl -s -u "demo-web:$SECRET" -d "token=$ACCESS" "$ISSUER/introspect" | cut -c1-120; echo
curl -s -o /dev/null -w '   revoke: HTTP %{http_code}\n' -u "demo-web:$SECRET" -d "token=$ACCESS" "$ISSUER/revoke"
curl -s -u "demo-web:$SECRET" -d "token=$ACCESS" "$ISSUER/introspect"; echo
