-- wrk: POST /token client_credentials with a DPoP proof (RFC 9449) per request. Each thread sends the
-- proofs of its own file (dpop_proofs.py writes PROOFS.0, PROOFS.1, ...): every jti is sent once; when a
-- thread runs out of proofs it starts again and the server refuses the replays (counted as errors).
-- Settings in the environment: PROOFS (file prefix), BASIC (client credentials, base64), BODY (form).
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  proofs = {}
  for line in io.lines(os.getenv("PROOFS") .. "." .. id) do proofs[#proofs + 1] = line end
  n = 0
  headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = "Basic " .. os.getenv("BASIC")}
  body = os.getenv("BODY")
end

function request()
  n = n % #proofs + 1
  headers["DPoP"] = proofs[n]
  return wrk.format("POST", "/token", headers, body)
end
