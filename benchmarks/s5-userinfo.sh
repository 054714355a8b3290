#!/usr/bin/env bash
# S5: GET /userinfo with a user's access token (from one login flow), wrk.
. "$(dirname "$0")/lib.sh"
start_server
config "S5 userinfo"
access=$(python3 "$BENCH/flows.py" tokens "$ISSUER" "$WORK/secrets.json" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
cat >"$WORK/userinfo.lua" <<LUA
wrk.path = "/userinfo"
wrk.headers["Authorization"] = "Bearer $access"
LUA
warm_up wrk_run "$WORK/userinfo.lua" "$ISSUER"
measure "S5 userinfo" wrk_run "$WORK/userinfo.lua" "$ISSUER"
