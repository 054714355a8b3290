-- wrk: POST /token grant_type=refresh_token, each request with a refresh token no request used before:
-- every answer's new refresh_token goes to its thread's pool and the next request takes one from there,
-- so each connection keeps a rotation chain going. Settings in the environment: TOKENS (file prefix:
-- TOKENS.0, TOKENS.1, ... one refresh token per line, one file per wrk thread), BASIC (client credentials,
-- base64), SCOPE (optional: a narrower scope asked for on every refresh, form-encoded). At the end each
-- thread's pool is written back to its file: the next run (the next warm-up window) goes on with the tokens
-- still unused, since presenting a used one revokes its family.
-- An answer without a refresh token (an error) ends its chain; a thread out of tokens sends "none"
-- (refused, counted as an error).
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  pool = {}
  for line in io.lines(os.getenv("TOKENS") .. "." .. id) do pool[#pool + 1] = line end
  scope = os.getenv("SCOPE") and ("&scope=" .. os.getenv("SCOPE")) or ""
  headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = "Basic " .. os.getenv("BASIC")}
end

function request()
  local token = table.remove(pool) or "none"
  return wrk.format("POST", "/token", headers, "grant_type=refresh_token&refresh_token=" .. token .. scope)
end

function response(status, _, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then pool[#pool + 1] = token end
end

function done(summary, latency, requests)
  for i, thread in ipairs(threads) do
    local f = io.open(os.getenv("TOKENS") .. "." .. (i - 1), "w")
    for _, token in ipairs(thread:get("pool")) do f:write(token, "\n") end
    f:close()
  end
end
