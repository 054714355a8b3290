#!/usr/bin/env bash
# S1: POST /token grant_type=client_credentials (JWT access token), wrk. With DPOP=1 also the same request
# with a DPoP proof (RFC 9449, ES256, a fresh jti per request from dpop_proofs.py), next to the plain one.
. "$(dirname "$0")/lib.sh"
start_server
config "S1 client_credentials"
lua_post "$WORK/s1.lua" /token "grant_type=client_credentials&scope=api" "$CC_BASIC"
warm_up wrk_run "$WORK/s1.lua" "$ISSUER"
line=$(measure "S1 client_credentials" wrk_run "$WORK/s1.lua" "$ISSUER")
echo "$line"
if [ "${DPOP:-0}" = 1 ]; then
  # proofs are valid for 60 s (iat): one batch for the warm-up and one for the run, each written just before
  # it, 1.5x as many as the plain request's rate allows (a DPoP request is never cheaper)
  # htu is the token endpoint as the server names it (its issuer), not the address wrk connects to
  endpoint=$(curl -sf "$ISSUER/.well-known/openid-configuration" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token_endpoint"])')
  rate=$(echo "$line" | awk '{for (i = 1; i < NF; i++) if ($(i + 1) == "op/s") print $i}')
  proofs() { python3 "$BENCH/dpop_proofs.py" "$endpoint" $(( rate * 3 / 2 * $1 + 1000 )) "$WORK/proofs" "$THREADS"; }
  export PROOFS="$WORK/proofs" BASIC="$CC_BASIC" BODY="grant_type=client_credentials&scope=api"
  proofs "$WARM_MIN"; wrk_run "$BENCH/dpop.lua" "$ISSUER" "$WARM_MIN" >/dev/null
  proofs "$SECS"; measure "S1 client_credentials DPoP" wrk_run "$BENCH/dpop.lua" "$ISSUER"
fi
