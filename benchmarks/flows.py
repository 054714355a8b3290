#!/usr/bin/env python3
"""Multi-step clients for the SSO Kit benchmarks (standard library only).

  flows.py login    ISSUER SECRETS_JSON SECONDS WORKERS   S2: fresh browser each time (authorize, login, consent, code, token)
  flows.py return   ISSUER SECRETS_JSON SECONDS WORKERS   S2: returning user (session cookie, no password): authorize, code, token
  flows.py refresh  ISSUER SECRETS_JSON SECONDS WORKERS   S3: refresh rotation, one token chain per worker
  flows.py tokens   ISSUER SECRETS_JSON [N]               prints {"access_token": ..., "refresh_token": ...} of one login
                                                          (of each of N logins, one line each, each in a fresh browser)

Each worker is a process with its own keep-alive connection; prints one JSON line:
{"ops": n, "errors": e, "rate": ops/s, "p50_ms": x, "p99_ms": y}. An op is one whole flow (S2) or one refresh (S3).
"""
import base64, hashlib, http.client, json, multiprocessing, os, re, sys, time, urllib.parse

REDIRECT = "http://127.0.0.1:8080/callback"


class Browser:
    def __init__(self, issuer):
        u = urllib.parse.urlsplit(issuer)
        self.issuer, self.host, self.port = issuer, u.hostname, u.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.cookies = {}

    def request(self, method, url, body=None, headers=None):
        path = url[len(self.issuer):] if url.startswith(self.issuer) else url
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read().decode()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if "max-age=0" in v.lower() or value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return r.status, r.getheader("Location"), data


def field(html, name):
    m = re.search(r'name="%s" value="([^"]*)"' % name, html)
    return m.group(1) if m else None


def login_flow(b, s, user, password, returning=False):
    """One authorization-code flow with PKCE; returns the token response (dict)."""
    verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    q = urllib.parse.urlencode({"response_type": "code", "client_id": s["client_id"], "redirect_uri": REDIRECT,
                                "scope": "openid profile offline_access", "state": "st", "nonce": "n",
                                "code_challenge": challenge, "code_challenge_method": "S256"})
    st, loc, _ = b.request("GET", "/authorize?" + q)
    if not loc:
        raise RuntimeError("authorize: %s" % st)
    if not loc.startswith(REDIRECT):
        if returning:
            raise RuntimeError("returning user was asked to log in again: " + loc)
        st, _, html = b.request("GET", loc)
        st, loc, _ = b.request("POST", "/interaction/login", {"interaction": field(html, "interaction"),
                               "csrf_token": field(html, "csrf_token"), "username": user, "password": password})
        if loc and not loc.startswith(REDIRECT):
            st, _, html = b.request("GET", loc)
            st, loc, _ = b.request("POST", "/interaction/consent", {"interaction": field(html, "interaction"),
                                   "csrf_token": field(html, "csrf_token"), "decision": "allow"})
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(loc or "").query).get("code", [None])[0]
    if not code:
        raise RuntimeError("no code: %s %s" % (st, loc))
    auth = base64.b64encode(("%s:%s" % (s["client_id"], s["client_secret"])).encode()).decode()
    st, _, data = b.request("POST", "/token", {"grant_type": "authorization_code", "code": code,
                            "redirect_uri": REDIRECT, "code_verifier": verifier}, {"Authorization": "Basic " + auth})
    if st != 200:
        raise RuntimeError("token: %s %s" % (st, data[:200]))
    return json.loads(data)


def worker(args):
    mode, issuer, s, seconds = args
    lat, errors = [], 0
    b = Browser(issuer)
    auth = "Basic " + base64.b64encode(("%s:%s" % (s["client_id"], s["client_secret"])).encode()).decode()
    refresh = None
    if mode in ("refresh", "return"):
        refresh = login_flow(b, s, s["username"], s["password"])["refresh_token"]
    start = time.time()
    end = start + seconds
    while time.time() < end:
        t0 = time.perf_counter()
        try:
            if mode == "login":
                login_flow(Browser(issuer), s, s["username"], s["password"])
            elif mode == "return":
                login_flow(b, s, s["username"], s["password"], returning=True)
            else:
                st, _, data = b.request("POST", "/token", {"grant_type": "refresh_token", "refresh_token": refresh},
                                        {"Authorization": auth})
                if st != 200:
                    raise RuntimeError("refresh: %s %s" % (st, data[:200]))
                refresh = json.loads(data)["refresh_token"]
            lat.append(time.perf_counter() - t0)
        except Exception as e:  # counted, the run goes on (a fresh login for a broken refresh chain)
            errors += 1
            if errors < 3:
                print("error:", e, file=sys.stderr)
            if mode == "refresh":
                refresh = login_flow(b, s, s["username"], s["password"])["refresh_token"]
    return lat, errors, time.time() - start


def main():
    mode, issuer, secrets = sys.argv[1], sys.argv[2].rstrip("/"), json.load(open(sys.argv[3]))
    if mode == "tokens":
        for _ in range(int(sys.argv[4]) if len(sys.argv) > 4 else 1):
            print(json.dumps(login_flow(Browser(issuer), secrets, secrets["username"], secrets["password"])))
        return
    seconds, workers = float(sys.argv[4]), int(sys.argv[5])
    with multiprocessing.Pool(workers) as pool:
        results = pool.map(worker, [(mode, issuer, secrets, seconds)] * workers)
    lat = sorted(x for r in results for x in r[0])
    pick = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))] * 1000, 2) if lat else None
    # each worker's rate over its own measured loop (its set-up login excluded), summed
    rate = sum(len(r[0]) / r[2] for r in results if r[2] > 0)
    print(json.dumps({"ops": len(lat), "errors": sum(r[1] for r in results), "rate": round(rate, 1),
                      "p50_ms": pick(0.5), "p99_ms": pick(0.99)}))


if __name__ == "__main__":
    main()
