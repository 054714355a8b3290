#!/usr/bin/env bash
# compare: S1 (client_credentials, RS256 JWT) and S6 (discovery, JWKS) against SSO Kit and three peers,
# each started from its public package with one equivalent client, interleaved in ROUNDS rounds (so all
# see the same machine load); prints one line per run and a table of medians with ratios to SSO Kit.
#   PEERS   which to run (default "ssokit node sas keycloak"; a peer that cannot be set up is skipped)
#   ROUNDS  rounds (3);  SECS WARM THREADS CONNS  as in lib.sh
#   PEER_JAVA_OPTS  JVM flags of the Spring Authorization Server peer (default: none, the JVM's own
#           defaults, as it ships; SSO Kit's 192 MB heap would starve its in-memory authorization store)
# Set-up (once, cached under benchmarks/.peers/): node-oidc-provider from npm, Spring Authorization
# Server built with Maven from Maven Central, Keycloak from Maven Central
# (org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip, default 26.4.2).
. "$(dirname "$0")/lib.sh"
PEERS=${PEERS:-ssokit node sas keycloak}
ROUNDS=${ROUNDS:-3}
KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-26.4.2}
CACHE="$BENCH/.peers"
MVN_REPO=${MVN_REPO:-$HOME/.m2/repository}
SECRET=$(openssl rand -hex 32)
RESULTS="$WORK/results.txt"
mkdir -p "$CACHE"

setup() {
  case $1 in
    ssokit) [ -f "$JAR" ] ;;
    node) [ -d "$CACHE/node/node_modules/oidc-provider" ] || { mkdir -p "$CACHE/node" &&
      cp "$BENCH/peers/node/package.json" "$BENCH/peers/node/server.mjs" "$CACHE/node/" &&
      (cd "$CACHE/node" && npm install --no-audit --no-fund --silent); } ;;
    sas) [ -f "$BENCH/peers/sas/target/sas-peer.jar" ] || mvn -B -q -f "$BENCH/peers/sas/pom.xml" \
      -Dmaven.repo.local="$MVN_REPO" package -DskipTests ;;
    keycloak) [ -d "$CACHE/keycloak-$KEYCLOAK_VERSION" ] || { mvn -B -q -Dmaven.repo.local="$MVN_REPO" \
      dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$CACHE" &&
      unzip -q -o "$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$CACHE"; } ;;
  esac
}

# start_peer NAME: sets SERVER_PID, TOKEN_PATH, DISCOVERY_PATH, JWKS_PATH, BASIC
start_peer() {
  local p=$PORT
  BODY="grant_type=client_credentials&scope=api"
  case $1 in
    ssokit)
      start_server; BASIC=$CC_BASIC; TOKEN_PATH=/token; DISCOVERY_PATH=/.well-known/openid-configuration
      JWKS_PATH=/jwks; return ;;
    node)
      (cd "$CACHE/node" && PORT=$p SECRET=$SECRET exec node server.mjs) >"$WORK/peer.log" 2>&1 &
      SERVER_PID=$!; TOKEN_PATH=/token; DISCOVERY_PATH=/.well-known/openid-configuration; JWKS_PATH=/jwks ;;
    sas)
      # shellcheck disable=SC2086
      SECRET=$SECRET java ${PEER_JAVA_OPTS:-} -jar "$BENCH/peers/sas/target/sas-peer.jar" --server.port=$p >"$WORK/peer.log" 2>&1 &
      SERVER_PID=$!; TOKEN_PATH=/oauth2/token; DISCOVERY_PATH=/.well-known/openid-configuration; JWKS_PATH=/oauth2/jwks ;;
    keycloak)
      mkdir -p "$WORK/kc-import"; sed "s/\${SECRET}/$SECRET/" "$BENCH/peers/keycloak/realm.json" >"$WORK/kc-import/bench.json"
      cp "$WORK/kc-import/bench.json" "$CACHE/keycloak-$KEYCLOAK_VERSION/data/import/" 2>/dev/null ||
        { mkdir -p "$CACHE/keycloak-$KEYCLOAK_VERSION/data/import" && cp "$WORK/kc-import/bench.json" "$CACHE/keycloak-$KEYCLOAK_VERSION/data/import/"; }
      "$CACHE/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" start-dev --import-realm --http-port=$p --http-host=127.0.0.1 \
        >"$WORK/peer.log" 2>&1 &
      # no scope: Keycloak refuses scopes it has no client scope for; its token carries its default scopes
      SERVER_PID=$!; BODY="grant_type=client_credentials"; TOKEN_PATH=/realms/bench/protocol/openid-connect/token
      DISCOVERY_PATH=/realms/bench/.well-known/openid-configuration; JWKS_PATH=/realms/bench/protocol/openid-connect/certs ;;
  esac
  BASIC=$(printf 'bench-cc:%s' "$SECRET" | base64 -w0)
  local t0; t0=$(date +%s%N)
  until curl -sf -o /dev/null "$ISSUER$DISCOVERY_PATH"; do
    kill -0 $SERVER_PID 2>/dev/null || { tail -20 "$WORK/peer.log" >&2; return 1; }
    sleep 0.2
  done
  STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

stop_peer() {
  # kc.sh and npm start child processes: stop the whole group we started, by its pid
  if [ -n "$SERVER_PID" ]; then
    pkill -TERM -P "$SERVER_PID" 2>/dev/null || true
    stop_server
  fi
}

ready=()
for peer in $PEERS; do
  if setup "$peer"; then ready+=("$peer"); else echo "skipping $peer: set-up failed" >&2; fi
done
for round in $(seq 1 "$ROUNDS"); do
  for peer in "${ready[@]}"; do
    start_peer "$peer" || { echo "skipping $peer in round $round: did not start" >&2; stop_peer; continue; }
    lua_post "$WORK/s1.lua" "$TOKEN_PATH" "$BODY" "$BASIC"
    printf 'wrk.path = "%s"\n' "$DISCOVERY_PATH" >"$WORK/disc.lua"
    printf 'wrk.path = "%s"\n' "$JWKS_PATH" >"$WORK/jwks.lua"
    warm_up wrk_run "$WORK/s1.lua" "$ISSUER"
    for s in s1 disc jwks; do
      line=$(measure "$peer $s" wrk_run "$WORK/$s.lua" "$ISSUER")
      echo "round $round $line (startup ${STARTUP_MS} ms)"
      echo "$peer $s $line" >>"$RESULTS"
    done
    stop_peer
  done
done

echo; echo "medians of $ROUNDS rounds (wrk -t$THREADS -c$CONNS -d${SECS}s; ratio = peer / SSO Kit)"
python3 - "$RESULTS" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    peer, s = line.split()[:2]
    rate = float(re.search(r'([\d.]+) op/s', line).group(1)); cpu = float(re.search(r'CPU/op\s+([\d.]+)', line).group(1))
    rss = float(re.search(r'RSS\s+([\d.]+)', line).group(1))
    rows.setdefault((peer, s), []).append((rate, cpu, rss))
print("| peer | scenario | req/s | CPU/op µs | RSS MB | req/s ratio | CPU ratio |")
print("|---|---|---:|---:|---:|---:|---:|")
for (peer, s), v in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0] != "ssokit", kv[0][0])):
    med = [statistics.median(x[i] for x in v) for i in range(3)]
    base = rows.get(("ssokit", s))
    b = [statistics.median(x[i] for x in base) for i in range(2)] if base else None
    ratio = (f"{med[0] / b[0]:.2f}", f"{med[1] / b[1]:.2f}") if b and b[0] and b[1] else ("-", "-")
    print(f"| {peer} | {s} | {med[0]:.0f} | {med[1]:.0f} | {med[2]:.0f} | {ratio[0]} | {ratio[1]} |")
PY
