#!/usr/bin/env bash
# S3: refresh-token rotation, one chain per flows.py worker (each refresh uses the previous answer's token).
. "$(dirname "$0")/lib.sh"
start_server
config "S3 refresh rotation (WORKERS=$WORKERS processes of flows.py)"
SECS_SAVED=$SECS; SECS=$WARM flows_run refresh >/dev/null; SECS=$SECS_SAVED
measure "S3 refresh rotation" flows_run refresh
