#!/usr/bin/env bash
# S2: login flows with flows.py. "login": a fresh browser each time (authorize, login POST with argon2id,
# consent, code, token); "returning": the same browser with its session cookie (authorize, code, token).
. "$(dirname "$0")/lib.sh"
start_server
config "S2 login flows (WORKERS=$WORKERS processes of flows.py)"
warm_up flows_run login
measure "S2 login, fresh browser" flows_run login
warm_up flows_run return
measure "S2 returning user" flows_run return
