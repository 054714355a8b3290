#!/usr/bin/env bash
# Load harness: wrk drives POST /token (client_credentials) against the standalone server over real
# HTTP, once per signing algorithm and crypto provider. Reports throughput, latency and the server's
# CPU time per token (from /proc, so the load generator's own CPU is not counted).
# Usage: examples/benchmarks/load/token-load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECONDS_PER_RUN=${1:-15} CONNECTIONS=${2:-32}
JAR=examples/standalone-server/target/sso-server.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests -pl examples/standalone-server -am
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
JAVA=${JAVA:-java}
LUA=$(mktemp --suffix=.lua); LOG=$(mktemp); trap 'rm -f "$LUA" "$LOG"' EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
printf '%-6s %-7s | %9s %9s %9s | %12s\n' alg crypto "req/s" "p50 ms" "p99 ms" "server CPU/token"
for native in false true; do
  for alg in RS256 ES256 EdDSA; do
    # one client id from one address far beyond the default rate limits: raise them out of reach
    # (every request still runs the checks)
    SSO_PORT=9555 SSO_SIGNING_ALG=$alg SSO_NATIVE_CRYPTO=$native SSO_RATE_LIMIT_PER_IP=1000000000/PT1M \
      SSO_RATE_LIMIT_PER_CLIENT=1000000000/PT1M "$JAVA" -jar "$JAR" >"$LOG" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q "client_secret=" "$LOG" && break; sleep 0.2; done
    secret=$(grep -o 'client_secret=[^ ]*' "$LOG" | cut -d= -f2)
    cat >"$LUA" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=api"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $(printf 'demo-web:%s' "$secret" | base64 -w0)"
LUA
    wrk -t2 -c"$CONNECTIONS" -d5s -s "$LUA" http://localhost:9555/token >/dev/null   # warm-up
    before=$(cpu_ticks $pid)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$LUA" http://localhost:9555/token)
    after=$(cpu_ticks $pid)
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    [ -z "$non2xx" ] || { echo "non-2xx answers: $non2xx" >&2; exit 1; }
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    hz=$(getconf CLK_TCK)
    cpu_us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.0f µs", t / hz * 1e6 / n}')
    printf '%-6s %-7s | %9s %9s %9s | %12s\n' "$alg" "$([ $native = true ] && echo native || echo JDK)" "$rps" "$p50" "$p99" "$cpu_us"
    kill $pid; wait $pid 2>/dev/null || true
  done
done
