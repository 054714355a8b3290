#!/usr/bin/env bash
# S2: login flows. "login": a fresh browser each time (authorize, login POST with argon2id, consent, code,
# token); "returning": the same browser with its session cookie (authorize, code, token).
# Driver: wrk with login.lua (WORKERS connections, one thread each; a fresh browser is a new cookie jar on
# the same keep-alive connection, as behind a reverse proxy). DRIVER=flows: flows.py instead (WORKERS
# processes, a new connection per fresh browser; how S2 ran until 2026-12-05: its Python costs about
# 2 ms of CPU per login on the same cores as the server).
. "$(dirname "$0")/lib.sh"
start_server
if [ "${DRIVER:-wrk}" = flows ]; then
  run=flows_run driver="WORKERS=$WORKERS processes of flows.py"
else
  run=login_run driver="wrk, login.lua: WORKERS=$WORKERS connections"
fi
config "S2 login flows ($driver)"
warm_up $run login
measure "S2 login, fresh browser" $run login
warm_up $run return
measure "S2 returning user" $run return
