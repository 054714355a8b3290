# Shared by the scenario scripts: start the standalone server with a seed of benchmark clients and a
# user, drive it, and print one result block. Sourced, not run. Settings (environment):
#   JAR       server jar (default examples/standalone-server/target/sso-server.jar)
#   JAVA_OPTS JVM flags of the server (default: bin/sso-server's, read from it: -Xms32m -Xmx192m, serial GC, C heap trimmed,
#             C2's thresholds x4)
#   SECS WARM measured seconds (30) and longest warm-up (120; see warm_up); WARM_MIN shortest warm-up (30);
#    WINDOW warm-up window (5);
#    THREADS CONNS  wrk threads and connections (2, 32)
#   WORKERS   processes of flows.py (4);  PORT  server port (9600)
#   SSO_*     passed to the server as they are: SSO_SIGNING_ALG, SSO_NATIVE_CRYPTO, SSO_DATABASE_URL,
#             SSO_DATABASE_USER, SSO_REDIS_URL, ... (default in memory, RS256, native crypto)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/benchmarks"
JAR=${JAR:-$ROOT/examples/standalone-server/target/sso-server.jar}
JAVA_OPTS=${JAVA_OPTS:-$(sed -n "s/^default_java_opts='\(.*\)'\$/\1/p" "$ROOT/examples/standalone-server/bin/sso-server")}
[ -n "$JAVA_OPTS" ] || { echo "no default_java_opts line in examples/standalone-server/bin/sso-server" >&2; exit 2; }
SECS=${SECS:-30} WARM=${WARM:-120} WARM_MIN=${WARM_MIN:-30} WINDOW=${WINDOW:-5} THREADS=${THREADS:-2} CONNS=${CONNS:-32} WORKERS=${WORKERS:-4} PORT=${PORT:-9600}
ISSUER="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
SERVER_PID=
trap 'stop_server; rm -rf "$WORK"' EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# threads_ticks PID GLOB...: CPU ticks of the process's threads whose name matches a GLOB
threads_ticks() {
  local pid=$1 t glob sum=0
  shift
  for t in /proc/"$pid"/task/*; do
    for glob in "$@"; do
      # shellcheck disable=SC2254
      case $(cat "$t/comm" 2>/dev/null) in $glob) sum=$((sum + $(cpu_ticks "$pid/task/${t##*/}"))); break ;; esac
    done
  done
  echo $sum
}
# CPU ticks of the JVM's JIT compiler threads (named "C1 CompilerThre...", "C2 CompilerThre...")
jit_ticks() { threads_ticks "$1" "C1 Compiler*" "C2 Compiler*"; }
# CPU ticks of the server's password-hashing threads (sso-slow-hash-N: every argon2id/bcrypt hash runs there)
hash_ticks() { threads_ticks "$1" "sso-slow-hash*"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
hz() { getconf CLK_TCK; }

# Seed: a client_credentials client (JWT), one with opaque access tokens, a web client for the code
# flow with refresh tokens, and one user. Secrets are random per run; flows.py reads them from secrets.json.
write_seed() {
  local s1 s2 s3 pw
  s1=$(openssl rand -hex 32) s2=$(openssl rand -hex 32) s3=$(openssl rand -hex 32) pw=$(openssl rand -hex 12)
  cat >"$WORK/seed.json" <<JSON
{"clients": [
  {"client_id": "bench-cc", "client_secret": "$s1", "grant_types": ["client_credentials"], "scope": "api",
   "token_endpoint_auth_method": "client_secret_basic"},
  {"client_id": "bench-opaque", "client_secret": "$s2", "grant_types": ["client_credentials"], "scope": "api",
   "token_endpoint_auth_method": "client_secret_basic", "access_token_format": "opaque"},
  {"client_id": "bench-web", "client_secret": "$s3", "grant_types": ["authorization_code", "refresh_token"],
   "redirect_uris": ["http://127.0.0.1:8080/callback"], "scope": "openid profile offline_access",
   "token_endpoint_auth_method": "client_secret_basic"}],
 "users": [{"username": "bench", "password": "$pw", "name": "Bench User"}]}
JSON
  printf '{"client_id": "bench-web", "client_secret": "%s", "username": "bench", "password": "%s"}\n' "$s3" "$pw" \
    >"$WORK/secrets.json"
  CC_BASIC=$(printf 'bench-cc:%s' "$s1" | base64 -w0)
  OPAQUE_BASIC=$(printf 'bench-opaque:%s' "$s2" | base64 -w0)
  WEB_BASIC=$(printf 'bench-web:%s' "$s3" | base64 -w0)
}

start_server() {
  write_seed
  local t0 t1
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  env SSO_PORT=$PORT SSO_HOST=127.0.0.1 SSO_SEED_FILE="$WORK/seed.json" SSO_DEMO=false \
    SSO_RATE_LIMIT_PER_IP=${SSO_RATE_LIMIT_PER_IP:-1000000000/PT1M} \
    SSO_RATE_LIMIT_PER_CLIENT=${SSO_RATE_LIMIT_PER_CLIENT:-1000000000/PT1M} \
    java $JAVA_OPTS -jar "$JAR" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  until curl -sf -o /dev/null "$ISSUER/.well-known/openid-configuration"; do
    kill -0 $SERVER_PID 2>/dev/null || { cat "$WORK/server.log" >&2; echo "server did not start" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  STARTUP_MS=$(( (t1 - t0) / 1000000 ))
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

config() { # scenario description
  local provider
  provider=$(grep -o 'crypto provider [^,]*' "$WORK/server.log" | head -1 || true)
  echo "== $1"
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo -)  jar $(basename "$JAR")  $(date -u +%FT%TZ)"
  echo "store ${SSO_DATABASE_URL:+postgres}${SSO_DATABASE_URL:-memory}  cache ${SSO_REDIS_URL:+redis}${SSO_REDIS_URL:-memory}" \
    " alg ${SSO_SIGNING_ALG:-RS256}  ${provider:-crypto provider ?}"
  echo "jvm $(java -version 2>&1 | head -1)  flags: $JAVA_OPTS  cores $(nproc)  wrk -t$THREADS -c$CONNS  startup ${STARTUP_MS} ms"
}

# warm_up OPS_COMMAND...: runs the command (as measure does, its seconds appended) in WINDOW-second windows
# until the server is warm: the JIT compiler threads spent under 2% of the server's CPU time in the window
# (C2 can keep compiling for 20-40 s of load on two busy cores, and its CPU time counts against the
# operation: JWT introspection measured 430 us/op before C2 finished, 120 us after) and the CPU time per
# operation is within 5% of the window before; at least WARM_MIN seconds, at most WARM seconds.
warm_up() {
  local start=$SECONDS prev="" cur cpu0 cpu jit0 jit=0 ops
  while :; do
    cpu0=$(cpu_ticks $SERVER_PID); jit0=$(jit_ticks $SERVER_PID)
    ops=$("$@" "$WINDOW" | tail -1 | awk '{print $1}')
    cpu=$(($(cpu_ticks $SERVER_PID) - cpu0)); jit=$(($(jit_ticks $SERVER_PID) - jit0))
    cur=$(awk -v t=$cpu -v n="$ops" -v hz="$(hz)" 'BEGIN {printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0)}')
    if [ -n "$prev" ] && [ $((SECONDS - start)) -ge "$WARM_MIN" ] && [ $((jit * 50)) -lt "$cpu" ] \
      && awk -v a="$prev" -v b="$cur" 'BEGIN {d = a - b; if (d < 0) d = -d; exit !(a > 0 && d / a < 0.05)}'; then
      break
    fi
    [ $((SECONDS - start)) -ge "$WARM" ] && break
    prev=$cur
  done
  WARMED="warm ${cur:-0}us@$((SECONDS - start))s jit $(awk -v j=$jit -v c=$cpu 'BEGIN {printf "%.0f", (c > 0 ? 100 * j / c : 0)}')%"
}

# measure LABEL OPS_COMMAND...: runs the command (its last line: "ops errors rate p50_ms p99_ms"), with
# the server's CPU time, RSS and the load average around it; prints one result line.
measure() {
  local label=$1; shift
  local load0 cpu0 cpu1 hash0 hash out ops
  load0=$(cut -d' ' -f1 /proc/loadavg); cpu0=$(cpu_ticks $SERVER_PID); hash0=$(hash_ticks $SERVER_PID)
  out=$("$@" | tail -1)
  cpu1=$(cpu_ticks $SERVER_PID); hash=$(($(hash_ticks $SERVER_PID) - hash0))
  ops=$(echo "$out" | awk '{print $1}')
  echo "$out" | awk -v l="$label" -v t=$((cpu1 - cpu0)) -v hz="$(hz)" -v n="$ops" -v rss="$(rss_kb $SERVER_PID)" \
    -v la0="$load0" -v la1="$(cut -d' ' -f1 /proc/loadavg)" \
    -v w="${WARMED:-}" -v h="$hash" \
    '{printf "%-28s %9.0f op/s  p50 %7.2f ms  p99 %7.2f ms  errors %s  CPU/op %6.0f us  RSS %4.0f MB  load %s->%s  %s%s\n",
      l, $3, $4, $5, $2, (n > 0 ? t / hz * 1e6 / n : 0), rss / 1024, la0, la1, w,
      (h > 0 && n > 0 ? sprintf("  hashing %.0f us/op", h / hz * 1e6 / n) : "")}'
  WARMED=
}

# wrk_run LUA URL [SECONDS]: prints "ops errors rate p50_ms p99_ms" (errors: non-2xx/3xx plus socket errors)
wrk_run() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${3:-$SECS}"s --latency -s "$1" "$2")
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ {n = $1} /Requests\/sec/ {r = $2} /Non-2xx/ {e += $NF}
    /Socket errors/ {gsub(/,/, ""); e += $4 + $6 + $8 + $10}
    $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
    END {printf "%d %d %s %s %s\n", n, e, r, p50, p99}'
}

# flows_run MODE [SECONDS]: the multi-step client for SECONDS (SECS) with WORKERS processes
flows_run() {
  python3 "$BENCH/flows.py" "$1" "$ISSUER" "$WORK/secrets.json" "${2:-$SECS}" "$WORKERS" | python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
print(r["ops"], r["errors"], r["rate"], r["p50_ms"], r["p99_ms"])'
}

# login_run MODE [SECONDS]: S2's flows with wrk and login.lua (MODE login: a fresh browser each flow; return:
# the session cookie kept), WORKERS connections with a thread each; prints "ops errors rate p50_ms p99_ms"
login_run() {
  local user
  user=$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(s["username"], s["password"])' \
    "$WORK/secrets.json")
  set -- "$1" "${2:-$SECS}" $user
  MODE=$1 CLIENT_ID=bench-web BASIC=$WEB_BASIC USERNAME=$3 PASSWORD=$4 \
    wrk -t"$WORKERS" -c"$WORKERS" -d"$2"s -s "$BENCH/login.lua" "$ISSUER" | tail -1
}

lua_post() { # FILE PATH BODY BASIC
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.path = "$2"
wrk.body = "$3"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $4"
LUA
}
