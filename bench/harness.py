"""Start `yucai serve` on a free port and log in as HR: shared by the benchmarks."""
import contextlib, http.cookiejar, os, socket, subprocess, time, urllib.request

# The release binary `make build` leaves.
DEFAULT_BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/yucai/target")), "release", "yucai")


@contextlib.contextmanager
def serve_as_hr(binary, env, log=None):
    """Yields (base URL, an opener carrying HR's session cookie); stops the server after."""
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    out = open(log, "w") if log else subprocess.DEVNULL
    server = subprocess.Popen([binary, "serve", "--addr", f"127.0.0.1:{port}"], env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1); break
            except Exception:
                time.sleep(0.1)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.open(urllib.request.Request(base + "/api/login", data=b"username=hr&password=demo12345"))
        yield base, opener
    finally:
        server.terminate()
        server.wait()


# ---- shared by the scripts that write to the database directly ----

# A fixed key, so a script can write session tokens the server accepts (pass it as YUCAI_SECRET_KEY).
MASTER = "5e" * 32


def sql_runner(url):
    """A function running SQL statements on `url` (sqlite3 or psql) and returning stdout."""
    import sys
    is_pg = url.startswith("postgres")

    def sql(statements):
        text = ";\n".join(statements) + ";\n"
        if is_pg:
            r = subprocess.run(["psql", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url], input=text, capture_output=True, text=True)
        else:
            path = url.split(":", 1)[1].split("?")[0]
            if path.startswith("//"):
                path = path[2:]
            r = subprocess.run(["sqlite3", path], input=text, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"SQL failed: {r.stderr[:500]}")
        return r.stdout
    return sql


def pct(values, p):
    """The p-th percentile (nearest rank) of `values`."""
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))] if v else float("nan")


def token_hash(token):
    """How the server stores a session token, under the key derived from MASTER."""
    import hashlib, hmac
    key = hmac.new(bytes.fromhex(MASTER), b"yucai session tokens v1", hashlib.sha256).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def employee_sessions(sql, prefix, n):
    """`n` employee accounts named prefix0… for `n` different active people without one, each with
    a live session written directly (as if they had logged in earlier); their tokens by index.
    The password is the demo accounts' (demo12345)."""
    import secrets, time
    existing = int(sql([f"SELECT COUNT(*) FROM users WHERE username LIKE '{prefix}%'"]).strip() or 0)
    if existing < n:
        pw = sql(["SELECT password_hash FROM users WHERE username = 'employee'"]).strip()
        people = sql([f"SELECT id FROM people WHERE status = '在职' AND id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL) ORDER BY id LIMIT {n - existing}"]).split()
        now = int(time.time() * 1000)
        stmts = []
        for i, pid in enumerate(people, start=existing):
            stmts.append(
                "INSERT INTO users (username, display_name, password_hash, person_id, disabled, must_change_password, locale, created_at, password_changed_at) "
                f"VALUES ('{prefix}{i}', '{prefix}{i}', '{pw}', {pid}, 0, 0, 'zh', {now}, {now})"
            )
            stmts.append(f"INSERT INTO user_roles (user_id, role, unit_id) SELECT id, 'employee', 0 FROM users WHERE username = '{prefix}{i}'")
        sql(["BEGIN"] + stmts + ["COMMIT"])
    tokens = {}
    now = int(time.time() * 1000)
    stmts = ["BEGIN", f"DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username LIKE '{prefix}%')"]
    for i in range(n):
        t = secrets.token_urlsafe(32)
        tokens[i] = t
        stmts.append(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_timeout_ms, expires_at, persistent, user_agent, ip) "
            f"SELECT '{token_hash(t)}', id, {now}, {now}, 3600000, {now + 8 * 3600000}, 0, 'bench', '127.0.0.1' FROM users WHERE username = '{prefix}{i}'"
        )
    sql(stmts + ["DELETE FROM login_attempts", "COMMIT"])
    return tokens


def seed_demo(binary, env, employees, *extra):
    """`yucai demo --employees N` (and `extra` arguments) unless the database already has data."""
    t0 = time.time()
    r = subprocess.run([binary, "demo", "--employees", str(employees), *extra], env=env, capture_output=True, text=True)
    if r.returncode == 0:
        print(f"seeded {employees} people in {time.time() - t0:.1f} s")
    elif "已有账户" in r.stderr + r.stdout:
        print("database already has data; not seeding")
    else:
        print(f"seeding failed: {r.stderr[-800:]}")


def page_weights(base, pages):
    """A cold visit of each page ({"path", "user"}) in a fresh Chromium profile
    (bench/frontend-visit.cjs): per page the requests and the wasm, JS and CSS bytes, raw and as
    sent, as {"path", "user", "requests", "html": (raw, sent), "wasm": …, "js": …, "css": …, "code_requests":
    the JS and wasm files fetched}."""
    import json
    here = os.path.dirname(os.path.abspath(__file__))
    visit = subprocess.run(["node", os.path.join(here, "frontend-visit.cjs"), base, json.dumps(pages)], capture_output=True, text=True, check=True)
    out = []
    for p in json.loads(visit.stdout):
        row = {"path": p["path"], "user": p["user"], "requests": p["requests"],
               "code_requests": sum(1 for f in p["files"] if f["kind"] in ("wasm", "js"))}
        for kind in ("html", "wasm", "js", "css"):
            fs = [f for f in p["files"] if f["kind"] == kind]
            row[kind] = (sum(f["raw"] for f in fs), sum(f["encoded"] for f in fs))
        out.append(row)
    return out


def wrk(url, cookie, connections, seconds, threads=None):
    """`wrk --latency` against `url` with a session cookie: requests/s, p50 and p99 in ms, errors
    (non-2xx/3xx answers, socket errors and timeouts)."""
    import re
    threads = threads or min(2, connections)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", "-H", f"Cookie: {cookie}", url],
                         capture_output=True, text=True, check=True).stdout

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(x) for x in sock.groups())
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "errors": errors}
