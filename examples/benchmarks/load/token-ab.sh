#!/usr/bin/env bash
# A/B load harness: server CPU per client_credentials token of two builds of the standalone server
# (e.g. a jar built from an older commit vs the current one), alternating runs in one session so both
# see the same machine. wrk -t2 -c32, 5 s warm-up, SECS (15) measured; CPU from /proc; native crypto.
# The current build gets its rate limits raised out of reach (every check still runs); the baseline gets
# no SSO_RATE_LIMIT_* (builds before the rate limits refuse unknown variables), so give it one of those.
set -euo pipefail
BASE=${1:?usage: token-ab.sh <baseline sso-server.jar> [<current sso-server.jar>]}
NEW=${2:-examples/standalone-server/target/sso-server.jar}
SECS=${SECS:-15}
LUA=$(mktemp --suffix=.lua); LOG=$(mktemp)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # label jar alg extra-env...
  local label=$1 jar=$2 alg=$3; shift 3
  env SSO_PORT=9555 SSO_SIGNING_ALG=$alg SSO_NATIVE_CRYPTO=true "$@" java -jar "$jar" >"$LOG" 2>&1 &
  local pid=$!
  for _ in $(seq 1 150); do grep -q "client_secret=" "$LOG" && break; sleep 0.2; done
  local secret=$(grep -o 'client_secret=[^ ]*' "$LOG" | cut -d= -f2)
  cat >"$LUA" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=api"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $(printf 'demo-web:%s' "$secret" | base64 -w0)"
LUA
  wrk -t2 -c32 -d5s -s "$LUA" http://localhost:9555/token >/dev/null
  local before=$(cpu_ticks $pid)
  local out=$(wrk -t2 -c32 -d${SECS}s -s "$LUA" http://localhost:9555/token)
  local after=$(cpu_ticks $pid)
  local n=$(echo "$out" | awk '/requests in/ {print $1}')
  local non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  local rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  awk -v l="$label" -v a="$alg" -v t=$((after-before)) -v hz=$(getconf CLK_TCK) -v n="$n" -v r="$rps" -v bad="${non2xx:-0}" \
    'BEGIN {printf "%-9s %-6s %9s req/s  %6.0f us CPU/token  non-2xx %s\n", l, a, r, t/hz*1e6/n, bad}'
  kill $pid; wait $pid 2>/dev/null || true
}
for round in 1 2; do
  for alg in ES256 RS256; do
    run baseline "$BASE" $alg
    run current "$NEW" $alg SSO_RATE_LIMIT_PER_IP=1000000000/PT1M SSO_RATE_LIMIT_PER_CLIENT=1000000000/PT1M
  done
done
rm -f "$LUA" "$LOG"
