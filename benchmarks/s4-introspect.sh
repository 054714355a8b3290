#!/usr/bin/env bash
# S4: POST /introspect of a JWT access token and of an opaque one (each by the client it was issued to), wrk.
. "$(dirname "$0")/lib.sh"
start_server
config "S4 introspection"
jwt=$(curl -sf -H "Authorization: Basic $CC_BASIC" -d grant_type=client_credentials -d scope=api \
  "$ISSUER/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
opaque=$(curl -sf -H "Authorization: Basic $OPAQUE_BASIC" -d grant_type=client_credentials -d scope=api \
  "$ISSUER/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
lua_post "$WORK/jwt.lua" /introspect "token=$jwt" "$CC_BASIC"
lua_post "$WORK/opaque.lua" /introspect "token=$opaque" "$OPAQUE_BASIC"
warm_up wrk_run "$WORK/jwt.lua" "$ISSUER"
measure "S4 introspect JWT" wrk_run "$WORK/jwt.lua" "$ISSUER"
warm_up wrk_run "$WORK/opaque.lua" "$ISSUER"
measure "S4 introspect opaque" wrk_run "$WORK/opaque.lua" "$ISSUER"
