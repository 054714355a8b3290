#!/usr/bin/env bash
# sweep: the scenarios S1-S6 (or some of them) in ROUNDS interleaved rounds, then one table of medians
# (CPU per operation, operations per second, RSS) with the rounds' figures beside them.
#   RUNS    which runs, by name (default: all below, in that order)
#   ROUNDS  rounds (3);  OUT  folder for each run's full output (default: a new folder under /tmp)
#   the rest as in lib.sh (JAR, JAVA_OPTS, SECS, WARM, ...), the same for every run
# Runs named *pg repeat an in-memory run (ON_PG below) on PostgreSQL (a new database per run, dropped after it)
# and Redis (database 8, flushed first): SSO_TEST_POSTGRES_URL / SSO_TEST_REDIS_URL choose other servers, as
# the tests do.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-$(mktemp -d /tmp/sso-sweep.XXXX)}
mkdir -p "$OUT"
PG=${SSO_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432}
REDIS=${SSO_TEST_REDIS_URL:-redis://127.0.0.1:6379}

# name: script and settings (in memory)
declare -A RUN=(
  [s1rs]="s1-token.sh"
  [s1jdk]="s1-token.sh SSO_NATIVE_CRYPTO=false"
  [s1es]="s1-token.sh SSO_SIGNING_ALG=ES256"
  [s2]="s2-login.sh SSO_SIGNING_ALG=ES256"
  [s3]="s3-refresh.sh SSO_SIGNING_ALG=ES256"
  [s3oauth]="s3-refresh.sh SSO_SIGNING_ALG=ES256 SCOPE=offline_access"
  [s4]="s4-introspect.sh SSO_SIGNING_ALG=ES256"
  [s5]="s5-userinfo.sh SSO_SIGNING_ALG=ES256"
  [s6]="s6-discovery.sh"
)
# name: the in-memory run it repeats on PostgreSQL + Redis
declare -A ON_PG=([s1pg]=s1es [s3pg]=s3 [s3oauthpg]=s3oauth [s4pg]=s4 [s5pg]=s5)
for name in "${!ON_PG[@]}"; do RUN[$name]=${RUN[${ON_PG[$name]}]}; done
RUNS=${RUNS:-s1rs s1jdk s1es s2 s3 s4 s5 s6 s1pg s3pg s4pg s5pg}
for name in $RUNS; do [ -n "${RUN[$name]:-}" ] || { echo "no run named $name" >&2; exit 2; }; done

psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -q -h 127.0.0.1 -U postgres -d postgres -c "$1" >/dev/null; }

echo "sweep: $ROUNDS rounds of $RUNS; each run's output in $OUT"
for round in $(seq 1 "$ROUNDS"); do
  for name in $RUNS; do
    set -- ${RUN[$name]}
    script=$1; shift
    settings=("$@")
    if [ -n "${ON_PG[$name]:-}" ]; then
      db="sso_sweep_$$_$round"
      psql_admin "drop database if exists $db"; psql_admin "create database $db"
      redis-cli -u "$REDIS/8" flushdb >/dev/null
      settings+=("SSO_DATABASE_URL=$PG/$db" SSO_DATABASE_USER=postgres "SSO_REDIS_URL=$REDIS/8")
    fi
    echo "round $round: $name ($script ${settings[*]})"
    env "${settings[@]}" "$BENCH/$script" >"$OUT/$name.$round.log" 2>&1 || echo "  failed, see $OUT/$name.$round.log"
    grep -E ' op/s ' "$OUT/$name.$round.log" | sed 's/^/  /' || true
    if [ -n "${ON_PG[$name]:-}" ]; then psql_admin "drop database if exists $db"; fi
  done
done

# one row per run and result line: the median of the rounds and the rounds in order
echo
echo "| run | measurement | CPU per op, µs (median) | rounds | op/s (median) | RSS MB (max) |"
echo "|---|---|---:|---|---:|---:|"
for name in $RUNS; do
  cat "$OUT/$name".*.log 2>/dev/null | grep -E ' op/s ' | python3 -c '
import re, statistics, sys
name = sys.argv[1]
rows = {}
for line in sys.stdin:
    label = re.match(r"(.*?) +\d+ op/s ", line).group(1).strip()
    cpu = float(re.search(r"CPU/op +(\d+)", line).group(1))
    rate = float(re.search(r"(\d+) op/s", line).group(1))
    rss = float(re.search(r"RSS +(\d+)", line).group(1))
    rows.setdefault(label, []).append((cpu, rate, rss))
for label, runs in rows.items():
    cpus = [r[0] for r in runs]
    print("| %s | %s | %.0f | %s | %.0f | %.0f |" % (name, label, statistics.median(cpus),
          " ".join("%.0f" % c for c in cpus), statistics.median(r[1] for r in runs), max(r[2] for r in runs)))
' "$name"
done
