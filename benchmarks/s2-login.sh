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
  config "S2 login flows (WORKERS=$WORKERS processes of flows.py)"
  warm_up flows_run login
  measure "S2 login, fresh browser" flows_run login
  warm_up flows_run return
  measure "S2 returning user" flows_run return
  exit 0
fi
config "S2 login flows (wrk, login.lua: WORKERS=$WORKERS connections)"
warm_up login_run login
measure "S2 login, fresh browser" login_run login
warm_up login_run return
measure "S2 returning user" login_run return
