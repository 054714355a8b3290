#!/usr/bin/env bash
# Start-up: the time from launching examples/standalone-server/bin/sso-server (in memory, demo mode, the
# launcher's own JVM flags) to the first answer of its discovery document, STARTS times, each stopped
# before the next; prints every start and the median. A first start is reported apart: it writes the
# class-data archive (sso-server.jsa beside the jar) at its stop when bin/sso-server finds none or a stale one;
# CDS=off measures without the archive.
#   JAR     server jar (default examples/standalone-server/target/sso-server.jar)
#   STARTS  measured starts (7);  PORT  (9600)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/examples/standalone-server/target/sso-server.jar}
STARTS=${STARTS:-7} PORT=${PORT:-9600}
URL="http://127.0.0.1:$PORT/.well-known/openid-configuration"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

start_once() { # prints milliseconds to the first discovery answer
  local t0 pid
  t0=$(date +%s%N)
  SSO_PORT=$PORT SSO_HOST=127.0.0.1 JAR=$JAR "$ROOT/examples/standalone-server/bin/sso-server" >"$LOG" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "$URL"; do
    kill -0 $pid 2>/dev/null || { cat "$LOG" >&2; echo "server did not start" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
  kill $pid; wait $pid 2>/dev/null || true
}

echo "start-up of $(basename "$JAR") (CDS=${CDS:-on}), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "first start, not counted (writes the class-data archive where there is none or it is stale): $(start_once) ms"
runs=()
for _ in $(seq 1 "$STARTS"); do runs+=("$(start_once)"); done
median=$(printf '%s\n' "${runs[@]}" | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}')
echo "starts: ${runs[*]} ms; median $median ms"
