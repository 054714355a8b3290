#!/usr/bin/env bash
# S6: GET discovery and JWKS (full documents), and JWKS revalidated with If-None-Match (304), wrk.
. "$(dirname "$0")/lib.sh"
start_server
config "S6 discovery and JWKS"
etag=$(curl -sf -D - -o /dev/null "$ISSUER/jwks" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
printf 'wrk.path = "/.well-known/openid-configuration"\n' >"$WORK/discovery.lua"
printf 'wrk.path = "/jwks"\n' >"$WORK/jwks.lua"
printf 'wrk.path = "/jwks"\nwrk.headers["If-None-Match"] = [[%s]]\n' "$etag" >"$WORK/jwks304.lua"
warm_up wrk_run "$WORK/discovery.lua" "$ISSUER"
measure "S6 discovery" wrk_run "$WORK/discovery.lua" "$ISSUER"
measure "S6 jwks" wrk_run "$WORK/jwks.lua" "$ISSUER"
measure "S6 jwks If-None-Match (304)" wrk_run "$WORK/jwks304.lua" "$ISSUER"
