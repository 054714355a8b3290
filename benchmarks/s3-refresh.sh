#!/usr/bin/env bash
# S3: refresh-token rotation, one chain per flows.py worker (each refresh uses the previous answer's token).
. "$(dirname "$0")/lib.sh"
start_server
config "S3 refresh rotation (WORKERS=$WORKERS processes of flows.py)"
warm_up flows_run refresh
measure "S3 refresh rotation" flows_run refresh
