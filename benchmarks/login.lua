-- wrk: S2 login flows (authorization code with PKCE), one flow after another on each connection. Run with as
-- many threads as connections (-tN -cN): a thread's state is its one connection's browser.
-- MODE=login: a fresh browser each flow (no cookies): authorize, login page, login POST (one argon2id
--   verification), consent page and POST when asked, code, token.
-- MODE=return: the browser keeps its session cookie: authorize, code, token (no password). Each thread's
--   first flow signs in (not counted); a later flow asked to sign in again counts as an error.
-- Settings in the environment: MODE, CLIENT_ID, BASIC (the client's id:secret, base64), USERNAME, PASSWORD.
-- done() prints "ops errors rate p50_ms p99_ms" (an op is one whole flow, ended by the token response).
local ffi = require("ffi")
ffi.cdef [[
unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md);
typedef struct { long tv_sec; long tv_nsec; } ssokit_timespec;
int clock_gettime(int clock, ssokit_timespec *tp);
]]

local REDIRECT = "http://127.0.0.1:8080/callback"
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

local function base64url(bytes, n) -- unpadded, of the first n bytes
  local out, i = {}, 0
  while i < n do
    local a, b, c = bytes[i], i + 1 < n and bytes[i + 1] or 0, i + 2 < n and bytes[i + 2] or 0
    local v = a * 65536 + b * 256 + c
    local chars = math.min(4, math.floor((n - i) * 4 / 3 + 0.99))
    for k = 1, chars do
      local idx = math.floor(v / 2 ^ (6 * (4 - k))) % 64
      out[#out + 1] = B64:sub(idx + 1, idx + 1)
    end
    i = i + 3
  end
  return table.concat(out)
end

local function now_ms()
  local t = ffi.new("ssokit_timespec")
  ffi.C.clock_gettime(1, t) -- CLOCK_MONOTONIC
  return tonumber(t.tv_sec) * 1000 + tonumber(t.tv_nsec) / 1e6
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(ch) return string.format("%%%02X", ch:byte()) end))
end

local function field(html, name)
  return html:match('name="' .. name .. '" value="([^"]*)"')
end

local function header(headers, name)
  return headers[name] or headers[name:lower()]
end

function init(args)
  math.randomseed(os.time() * 100 + id)
  mode = os.getenv("MODE") or "login"
  client_id, basic = os.getenv("CLIENT_ID"), "Basic " .. os.getenv("BASIC")
  username, password = os.getenv("USERNAME"), os.getenv("PASSWORD")
  ops, errors, signins, latencies = 0, 0, 0, {}
  cookies = {}
  digest = ffi.new("unsigned char[32]")
  raw = ffi.new("unsigned char[32]")
  start_flow()
end

-- a new flow: a fresh PKCE verifier; a fresh browser unless returning
function start_flow()
  if mode == "login" then cookies = {} end
  for i = 0, 31 do raw[i] = math.random(0, 255) end
  verifier = base64url(raw, 32)
  ffi.C.SHA256(verifier, #verifier, digest)
  challenge = base64url(digest, 32)
  signed_in = false
  started = now_ms()
  next_request = {"GET", "/authorize?response_type=code&client_id=" .. urlencode(client_id) .. "&redirect_uri="
      .. urlencode(REDIRECT) .. "&scope=openid%20profile%20offline_access&state=st&nonce=n&code_challenge="
      .. challenge .. "&code_challenge_method=S256"}
end

local function fail()
  errors = errors + 1
  start_flow()
end

function request()
  local method, path, body, extra = next_request[1], next_request[2], next_request[3], next_request[4]
  local h = {}
  local jar = {}
  for k, v in pairs(cookies) do jar[#jar + 1] = k .. "=" .. v end
  if #jar > 0 then h["Cookie"] = table.concat(jar, "; ") end
  if body then h["Content-Type"] = "application/x-www-form-urlencoded" end
  if extra then h["Authorization"] = extra end
  return wrk.format(method, path, h, body)
end

local function keep_cookie(headers)
  local v = header(headers, "Set-Cookie")
  if not v then return end
  local name, value = v:match("^([^=]+)=([^;]*)")
  if not name then return end
  if value == "" or v:lower():find("max%-age=0") then cookies[name] = nil else cookies[name] = value end
end

local function token_request(code)
  next_request = {"POST", "/token", "grant_type=authorization_code&code=" .. urlencode(code) .. "&redirect_uri="
      .. urlencode(REDIRECT) .. "&code_verifier=" .. verifier, basic}
end

-- a redirect (302/303): to the client with a code, or to a page of the server
local function follow(location)
  if not location then return fail() end
  if location:sub(1, #REDIRECT) == REDIRECT then
    local code = location:match("[?&]code=([^&]+)")
    if not code then return fail() end
    return token_request(code)
  end
  next_request = {"GET", (location:gsub("^https?://[^/]+", ""))}
end

function response(status, headers, body)
  keep_cookie(headers)
  local method, path = next_request[1], next_request[2]
  if path == "/token" then
    if status ~= 200 or not body:find('"access_token"', 1, true) then return fail() end
    if mode == "return" and signed_in and signins < 1 then
      signins = signins + 1 -- the thread's first sign-in: the session the returning flows use
    elseif mode == "return" and signed_in then
      errors = errors + 1
    else
      ops = ops + 1
      latencies[#latencies + 1] = now_ms() - started
    end
    return start_flow()
  end
  if status == 302 or status == 303 then return follow(header(headers, "Location")) end
  if status ~= 200 or method ~= "GET" then return fail() end
  local interaction, csrf = field(body, "interaction"), field(body, "csrf_token")
  if not interaction or not csrf then return fail() end
  if path:find("^/interaction/login") then
    signed_in = true
    next_request = {"POST", "/interaction/login", "interaction=" .. urlencode(interaction) .. "&csrf_token="
        .. urlencode(csrf) .. "&username=" .. urlencode(username) .. "&password=" .. urlencode(password)}
  elseif path:find("^/interaction/consent") then
    next_request = {"POST", "/interaction/consent", "interaction=" .. urlencode(interaction) .. "&csrf_token="
        .. urlencode(csrf) .. "&decision=allow"}
  else
    fail()
  end
end

function done(summary, latency, requests)
  local all, n, e = {}, 0, 0
  for _, thread in ipairs(threads) do
    n = n + thread:get("ops")
    e = e + thread:get("errors")
    for _, v in ipairs(thread:get("latencies")) do all[#all + 1] = v end
  end
  table.sort(all)
  local function pick(q)
    if #all == 0 then return 0 end
    return all[math.min(#all, math.floor(q * #all) + 1)]
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("%d %d %.1f %.2f %.2f\n", n, e, n / seconds, pick(0.5), pick(0.99)))
end
