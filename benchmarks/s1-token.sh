#!/usr/bin/env bash
# S1: POST /token grant_type=client_credentials (JWT access token), wrk.
. "$(dirname "$0")/lib.sh"
start_server
config "S1 client_credentials"
lua_post "$WORK/s1.lua" /token "grant_type=client_credentials&scope=api" "$CC_BASIC"
wrk_run "$WORK/s1.lua" "$ISSUER" "$WARM" >/dev/null
measure "S1 client_credentials" wrk_run "$WORK/s1.lua" "$ISSUER"
