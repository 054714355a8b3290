#!/usr/bin/env bash
# Structural check of Dockerfile and docker-compose.yml where no Docker engine runs (.ci/run):
# multi-stage build, non-root user, health check (HealthCheck: /health/ready, https with TLS), and only SSO_* variables the
# server knows (ServerConfig.VARIABLES). Runs hadolint too when it is installed.
set -euo pipefail
cd "$(dirname "$0")"
fail() { echo "check-container-files: $*" >&2; exit 1; }

[ "$(grep -c '^FROM ' Dockerfile)" -ge 2 ] || fail "Dockerfile: not a multi-stage build"
grep -q '^FROM .* AS build$' Dockerfile || fail "Dockerfile: no build stage"
grep -q '^COPY --from=build .*sso-server.jar' Dockerfile || fail "Dockerfile: the jar is not copied from the build stage"
user=$(grep '^USER ' Dockerfile | tail -1 | awk '{print $2}')
[ -n "$user" ] && [ "$user" != "root" ] && [ "$user" != "0" ] || fail "Dockerfile: the last USER is not a non-root user"
grep -q '^HEALTHCHECK .*' Dockerfile && grep -A2 '^HEALTHCHECK' Dockerfile | grep -q 'dev.ssokit.example.standalone.HealthCheck' \
  || fail "Dockerfile: no HEALTHCHECK running HealthCheck (GET /health/ready, https when the server has TLS)"
grep -q '"/health/ready"' src/main/java/dev/ssokit/example/standalone/HealthCheck.java \
  || fail "HealthCheck no longer asks /health/ready"
grep -q '^ENTRYPOINT \[' Dockerfile || fail "Dockerfile: ENTRYPOINT must be exec form (so SIGTERM reaches java)"
grep -q '^RUN apt-get .*install .*libargon2-1' Dockerfile || fail "Dockerfile: the runtime stage lacks libargon2 (native argon2id)"
[ -f Dockerfile.dockerignore ] || fail "Dockerfile.dockerignore missing"

for service in sso: postgres: redis:; do
  grep -q "^  $service" docker-compose.yml || fail "docker-compose.yml: no service ${service%:}"
done
grep -q 'dockerfile: examples/standalone-server/Dockerfile' docker-compose.yml \
  || fail "docker-compose.yml: the sso service is not built from this Dockerfile"
known=src/main/java/dev/ssokit/example/standalone/ServerConfig.java
for var in $(grep -ho '\bSSO_[A-Z_]*' Dockerfile docker-compose.yml docker-compose.dragonfly.yml | sort -u); do
  grep -q "Map.entry(\"$var\"" "$known" || fail "$var is not a variable of the server (ServerConfig.VARIABLES)"
done
grep -q '^  redis:' docker-compose.dragonfly.yml && grep -q 'image: .*dragonfly' docker-compose.dragonfly.yml \
  || fail "docker-compose.dragonfly.yml: does not replace the redis service by Dragonfly"
for compose in docker-compose.yml docker-compose.dragonfly.yml; do
  grep -q $'\t' "$compose" && fail "$compose: tabs are not valid YAML indentation"
  if python3 -c 'import yaml' 2>/dev/null; then
    python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$compose" || fail "$compose: not valid YAML"
  fi
done
if command -v hadolint >/dev/null; then
  hadolint Dockerfile
fi
echo "check-container-files: Dockerfile and docker-compose.yml OK"
