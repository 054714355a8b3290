#!/usr/bin/env bash
# S3: refresh-token rotation. wrk (as S1 and S4): logins by flows.py give the refresh tokens, then each
# connection keeps a rotation chain going (refresh.lua: every answer's new refresh token is used by a later
# request, never twice). DRIVER=flows: one chain per flows.py worker instead (WORKERS processes,
# one request at a time each; how S3 ran until 2026-12-04 11:00).
# SCOPE (wrk only): each refresh asks for this narrower scope (RFC 6749 §6), e.g. SCOPE=offline_access: without
# openid the answer has no refreshed ID token (OIDC Core §12.2), so the run prices a rotation with one signed
# token, as an OAuth client's refresh.
. "$(dirname "$0")/lib.sh"
start_server
if [ "${DRIVER:-wrk}" = flows ]; then
  config "S3 refresh rotation (WORKERS=$WORKERS processes of flows.py)"
  warm_up flows_run refresh
  measure "S3 refresh rotation" flows_run refresh
  exit 0
fi
config "S3 refresh rotation (wrk, one rotation chain per connection${SCOPE:+, scope=$SCOPE})"
# A run ends with up to CONNS refreshes in flight whose answers wrk drops: those chains end (their tokens
# were rotated). So one chain per connection for every warm-up window and the measurement, plus CONNS.
logins=$((CONNS * (WARM / WINDOW + 3)))
pids=()
for part in 1 2; do
  python3 "$BENCH/flows.py" tokens "$ISSUER" "$WORK/secrets.json" $((logins / 2)) >"$WORK/logins.$part" &
  pids+=($!)
done
wait "${pids[@]}" # not a bare wait: the server is a child of this shell too
cat "$WORK"/logins.1 "$WORK"/logins.2 >"$WORK/logins.json"
python3 - "$WORK/logins.json" "$WORK/tokens" "$THREADS" <<'PY'
import json, sys
tokens = [json.loads(line)["refresh_token"] for line in open(sys.argv[1]) if line.strip()]
threads = int(sys.argv[3])
for t in range(threads):  # one file per wrk thread, the tokens dealt round-robin
    with open("%s.%d" % (sys.argv[2], t), "w") as f:
        f.write("".join(token + "\n" for token in tokens[t::threads]))
PY
export TOKENS="$WORK/tokens" BASIC="$WEB_BASIC"
warm_up wrk_run "$BENCH/refresh.lua" "$ISSUER"
measure "S3 refresh rotation${SCOPE:+ ($SCOPE)}" wrk_run "$BENCH/refresh.lua" "$ISSUER"
