#!/usr/bin/env python3
"""Failure drills against a release build, on loopback only; each stops by itself.

Usage (from the repository root, after `make build`):
    python3 bench/drills.py crash      [--url sqlite:/tmp/yucai-drill.db | postgres://yucai:yucai@127.0.0.1:5432/yucai_drill] [--kills 200]
    python3 bench/drills.py pg-restart [--url postgres://yucai:yucai@127.0.0.1:5432/yucai_drill]
    python3 bench/drills.py disk-full  (as root: mounts a small tmpfs for the SQLite file)
    python3 bench/drills.py rolling    [--pg postgres://yucai:yucai@127.0.0.1:5432] (needs nginx: deploy/check.py installs it)

The database is recreated for each run (a PostgreSQL URL names a database the yucai role may drop
and create). Writes that the drills make, and check afterwards:
- logins: each one writes a session row; a login the client saw answered must still authenticate
  (whoami) at the end, so every acknowledged session is present;
- roster imports of a small workbook with people named for the import: all of an import's people
  are present, or none; an acknowledged import's are all there;
- check-ins (200 employees, each with a live session, at sessions running now, with the room
  screen's code): every acknowledged check-in is present;
- ratings (the same employees rate sessions they attended): every acknowledged rating's mark is
  present, and each session has as many ratings as marks (written together or not at all);
- appointment commits (a post with 5 seats, a 首聘 campaign placing 5 people on it, committed):
  every campaign has all 5 appointments or none; an acknowledged commit has all 5.

crash:      the five writers run while the server is killed with SIGKILL at random moments and restarted,
            `--kills` times; then the checks above, SQLite's integrity check and `yucai audit verify`.
pg-restart: the five writers and two readers run while PostgreSQL restarts; while it is down answers are 503
            with a message (never 500, never internals), no request hangs, the app reconnects by
            itself, and the checks above hold.
disk-full:  SQLite on a 48 MB tmpfs filled to the last byte: writes answer 503 with a clear
            message, pages still read; after space returns writes work again; the checks and the
            integrity check hold.
rolling:    the deployment of deploy/ (nginx with TLS and HTTP/2 in front of two instances on one
            PostgreSQL database); under logins, imports, page views and check-ins through nginx,
            instance A is stopped with SIGTERM and started again, then B: no client sees a failed
            request (no connection error, no 5xx), every acknowledged write is present, both
            instances exit 0, and /metrics scraped before and after shows the counts moving.
"""
import argparse, datetime, json, os, random, re, socket, sqlite3, subprocess, sys, tempfile, threading, time
import http.cookiejar, urllib.error, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bursts  # noqa: E402
from harness import DEFAULT_BIN, MASTER, employee_sessions, sql_runner, FORM, form  # noqa: E402
from minixlsx import id_number, multipart, workbook  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("drill", choices=["crash", "pg-restart", "disk-full", "rolling"])
ap.add_argument("--pg", default="postgres://yucai:yucai@127.0.0.1:5432")
ap.add_argument("--site", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target", "site"))
ap.add_argument("--url", default=None)
ap.add_argument("--kills", type=int, default=200)
ap.add_argument("--bin", default=DEFAULT_BIN)
args = ap.parse_args()

PASSWORD = "demo12345"
INTERNALS = re.compile(r"sqlx|sqlite|postgres|panicked|SQLSTATE|error returned from database|pool timed out", re.I)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def fresh_database(url):
    if url.startswith("sqlite:"):
        path = url[len("sqlite:"):]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    else:
        base, name = url.rsplit("/", 1)
        for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True, capture_output=True)


class Server:
    def __init__(self, env):
        self.env, self.port, self.proc = env, free_port(), None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self, wait=30):
        self.proc = subprocess.Popen([args.bin, "serve", "--addr", f"127.0.0.1:{self.port}"], env=self.env,
                                     stdout=open("/tmp/yucai-drill.log", "a"), stderr=subprocess.STDOUT)
        deadline = time.time() + wait
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1); return
            except Exception:
                time.sleep(0.05)
        raise SystemExit("the server did not come up: see /tmp/yucai-drill.log")

    def kill(self):
        self.proc.kill(); self.proc.wait()

    def stop(self):
        self.proc.terminate(); self.proc.wait()


def call(base, path, data=None, jar=None, ctype=None, timeout=15):
    """(status, body text); status 0 for a connection that failed or timed out."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar if jar is not None else http.cookiejar.CookieJar()))
    headers = {"content-type": ctype} if ctype else {}
    req = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except Exception:
        return 0, ""


class Ledger:
    """What the drills wrote and what the server acknowledged."""
    def __init__(self):
        self.lock = threading.Lock()
        self.sessions = []          # cookie jars of acknowledged logins
        self.imports = {}           # tag -> (rows, acknowledged)
        self.checkins = []          # (session, person) acknowledged
        self.ratings = []           # (session, person) acknowledged
        self.campaigns = {}         # campaign id -> acknowledged
        self.statuses = {}
        self.internals = []
        self.slow = 0

    def note(self, status, body, took):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status >= 500 and INTERNALS.search(body):
                self.internals.append(body[:200])
            if took > 15:
                self.slow += 1


def login(base, ledger, user="employee"):
    jar = http.cookiejar.CookieJar()
    t = time.time()
    status, body = call(base, "/api/login", f"username={user}&password={PASSWORD}".encode(), jar,
                        "application/x-www-form-urlencoded")
    ledger.note(status, body, time.time() - t)
    if status == 200:
        with ledger.lock:
            ledger.sessions.append(jar)
    return status


HEADER = ["姓名*", "身份证号*", "民族*", "政治面貌*", "入党时间", "参加工作时间*", "全日制学历", "全日制学位", "全日制毕业院校",
          "编制类别*", "部室*", "现职务", "职务层次*", "岗位类别", "联系电话", "备注"]
counter = [0, 0]  # imports, people


def import_people(base, hr_jar, ledger, rows=20):
    with ledger.lock:
        counter[0] += 1
        n = counter[0]
        first = counter[1]
        counter[1] += rows
    tag = f"演练{n:05d}"
    data = [HEADER]
    for i in range(rows):
        # A birth date and sequence number of its own for every person of every import.
        k = first + i
        born = datetime.date(1970, 1, 1) + datetime.timedelta(days=k // 1000)
        data.append([f"{tag}号{i:02d}", id_number("410105", born.strftime("%Y%m%d"), f"{k % 1000:03}"), "汉族", "群众", "",
                     f"{born.year + 22}-07-01", "大学本科", "学士", "郑州大学", "事业编制", "办公室", "科员", "科员", "管理岗位", "", ""])
    body, ctype = multipart({"commit": "1"}, workbook(data))
    with ledger.lock:
        ledger.imports[tag] = (rows, False)
    t = time.time()
    status, text = call(base, "/api/roster_import", body, hr_jar, ctype, timeout=60)
    ledger.note(status, text, time.time() - t)
    if status == 200 and json.loads(text).get("committed"):
        with ledger.lock:
            ledger.imports[tag] = (rows, True)
    return status


def hr_session(base):
    jar = http.cookiejar.CookieJar()
    for _ in range(100):
        if call(base, "/api/login", f"username=hr&password={PASSWORD}".encode(), jar, "application/x-www-form-urlencoded")[0] == 200:
            return jar
        time.sleep(0.2)
    raise SystemExit("HR could not log in")


CAMPAIGN_SIZE = 5


class Mix:
    """What the check-in, rating and appointment writers need: 200 employees with live sessions,
    sessions running now to check in to, ended sessions they attended to rate, and 科员 to place."""

    def __init__(self, base, hr_jar, url):
        sql = sql_runner(url)
        hr = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(hr_jar))
        self.tokens = employee_sessions(sql, "drill", 200)
        rows = sql(["SELECT username, person_id FROM users WHERE username LIKE 'drill%'"]).split()
        person = dict(r.split("|") for r in rows)
        self.people = [int(person[f"drill{i}"]) for i in range(len(self.tokens))]
        self.now = [bursts.session_now(base, hr, f"演练签到{k}") for k in range(20)]
        self.ended = [bursts.session_now(base, hr, f"演练评价{k}") for k in range(5)]
        now = int(time.time() * 1000)
        ids = ", ".join(map(str, self.ended))
        sql(["BEGIN", f"UPDATE lecture_sessions SET starts_at = {now - 3_600_000}, ends_at = {now - 60_000} WHERE id IN ({ids})"]
            + [f"INSERT INTO lecture_attendance (session_id, person_id, status, at, method, marked_by) "
               f"SELECT {sid}, person_id, 'present', {now - 3_600_000}, 'manual', 'drill' FROM users WHERE username LIKE 'drill%'" for sid in self.ended]
            + ["COMMIT"])
        self.staff = [int(x) for x in sql(["SELECT id FROM people WHERE status = '在职' AND level = '科员' ORDER BY id"]).split()]
        self.units = [int(x) for x in sql(["SELECT id FROM org_units WHERE kind = '部室' ORDER BY id"]).split()]
        self.sql = sql


def api(base, jar, endpoint, body, token=None, ctype="application/x-www-form-urlencoded"):
    """POST a server function with a cookie jar or a session token: (status, text)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar if jar is not None else http.cookiejar.CookieJar()))
    if token:
        opener.addheaders = [("Cookie", f"yucai_session={token}")]
    status, text, _ = bursts.post(base, opener, endpoint, body, ctype, timeout=15)
    return status, text


def guarded(f):
    """A writer step whose connection may fail when the server is killed: (0, '') then."""
    try:
        return f()
    except Exception:
        return 0, ""


def mix_writers(base_of, ledger, stop, hr_jar_of, mix):
    def checkins():
        codes = {}
        for sid in mix.now:
            for k, token in mix.tokens.items():
                refused = 0
                while not stop.is_set() and refused < 5:
                    code, at = codes.get(sid, (None, 0))
                    if code is None or time.time() - at > 20:
                        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(hr_jar_of()))
                        try:
                            code = bursts.screen_code(base_of(), opener, sid, at_least=5)
                        except Exception:
                            code = None
                        codes[sid] = (code, time.time())
                        if code is None:
                            time.sleep(0.05)
                            continue
                    t = time.time()
                    status, text = guarded(lambda: api(base_of(), None, "lecture_checkin", f"session_id={sid}&code={code}", token))
                    ledger.note(status, text, time.time() - t)
                    if status == 200 and "签到成功" in text:
                        with ledger.lock:
                            ledger.checkins.append((sid, mix.people[k]))
                    if status == 200 or (status == 400 and "无需重复" in text):
                        break
                    if status == 400:
                        refused += 1
                        codes[sid] = (None, 0)
                if stop.is_set():
                    return

    def ratings():
        for sid in mix.ended:
            for k, token in mix.tokens.items():
                while not stop.is_set():
                    body = f"session_id={sid}&" + "&".join(f"scores%5B{i}%5D={3 + k % 3}" for i in range(4)) + f"&overall={3 + k % 3}&comment="
                    t = time.time()
                    status, text = guarded(lambda: api(base_of(), None, "rating_submit", body, token))
                    ledger.note(status, text, time.time() - t)
                    if status == 200:
                        with ledger.lock:
                            ledger.ratings.append((sid, mix.people[k]))
                    if status in (200, 400):
                        break
                if stop.is_set():
                    return

    def campaigns():
        n = 0
        while not stop.is_set():
            n += 1
            base, jar = base_of(), hr_jar_of()
            people = [mix.staff[(n * CAMPAIGN_SIZE + i) % len(mix.staff)] for i in range(CAMPAIGN_SIZE)]
            post = {"id": 0, "unit_id": mix.units[n % len(mix.units)], "name": f"演练岗{n}-{int(time.time())}", "category": "管理岗位", "grade": "九级",
                    "leader_level": "", "seats": CAMPAIGN_SIZE, "duties": ""}
            status, text = guarded(lambda: api(base, jar, "post_save", form({"input": post}), ctype=FORM))
            if status != 200:
                continue
            post_id = int(text)
            stamp = f"{n}-{int(time.time() * 1000)}"
            campaign = {"id": 0, "name": f"演练首聘 {stamp}", "kind": "首聘", "doc_no": f"演练〔{stamp}〕号", "decided_by": "中心党委会",
                        "effective_date": time.strftime("%Y-%m-%d"), "notes": ""}
            status, text = guarded(lambda: api(base, jar, "campaign_save", form({"input": campaign}), ctype=FORM))
            if status != 200:
                continue
            cid = int(text)
            with ledger.lock:
                ledger.campaigns[cid] = False
            steps = [
                ("campaign_pick", form({"input": {"campaign_id": cid, "unit_id": 0, "level": "", "person_ids": ",".join(map(str, people))}}), FORM),
                ("campaign_assign", form({"input": {"campaign_id": cid, "op": "save", "rows": [f"{p}:{post_id}" for p in people]}}), FORM),
            ]
            if any(guarded(lambda: api(base, jar, e, b, ctype=c))[0] != 200 for e, b, c in steps):
                continue
            t = time.time()
            status, text = guarded(lambda: api(base, jar, "campaign_commit", f"id={cid}"))
            ledger.note(status, text, time.time() - t)
            if status == 200:
                with ledger.lock:
                    ledger.campaigns[cid] = True

    threads = [threading.Thread(target=f) for f in (checkins, ratings, campaigns)]
    for t in threads:
        t.start()
    return threads


def check_mix(ledger, mix):
    """Acknowledged check-ins, ratings and commits present; no rating or campaign half-written."""
    sql = mix.sql
    present = set(tuple(map(int, r.split("|"))) for r in sql([
        f"SELECT session_id, person_id FROM lecture_attendance WHERE session_id IN ({', '.join(map(str, mix.now))})"]).split())
    lost_checkins = sum(1 for c in ledger.checkins if c not in present)
    marks = set(tuple(map(int, r.split("|"))) for r in sql([
        f"SELECT session_id, person_id FROM lecture_rating_marks WHERE session_id IN ({', '.join(map(str, mix.ended))})"]).split())
    lost_ratings = sum(1 for r in ledger.ratings if r not in marks)
    uneven = []
    for sid in mix.ended:
        m, r = sql([f"SELECT COUNT(*) FROM lecture_rating_marks WHERE session_id = {sid}", f"SELECT COALESCE(SUM(n), 0) FROM lecture_rating_boxes WHERE session_id = {sid}"]).split()
        if m != r:
            uneven.append((sid, m, r))
    half, missing, whole = [], [], 0
    counts = dict(tuple(map(int, r.split("|"))) for r in sql([
        "SELECT campaign_id, COUNT(*) FROM appointments WHERE campaign_id IS NOT NULL GROUP BY campaign_id"]).split())
    for cid, acked in ledger.campaigns.items():
        n = counts.get(cid, 0)
        whole += n == CAMPAIGN_SIZE
        if n not in (0, CAMPAIGN_SIZE):
            half.append((cid, n))
        if acked and n != CAMPAIGN_SIZE:
            missing.append((cid, n))
    print(f"  check-ins acknowledged: {len(ledger.checkins)}, lost: {lost_checkins}")
    print(f"  ratings acknowledged: {len(ledger.ratings)}, lost: {lost_ratings}; sessions whose marks and ratings differ: {len(uneven)}")
    print(f"  campaigns started: {len(ledger.campaigns)}, commits acknowledged: {sum(ledger.campaigns.values())}, "
          f"present whole: {whole}, half-applied: {len(half)}, acknowledged but missing: {len(missing)}")
    return lost_checkins == 0 and lost_ratings == 0 and not uneven and not half and not missing


def writers(base_of, ledger, stop, hr_jar_of, readers=0):
    def logins():
        while not stop.is_set():
            login(base_of(), ledger)

    def imports():
        while not stop.is_set():
            import_people(base_of(), hr_jar_of(), ledger)

    def reads():
        while not stop.is_set():
            t = time.time()
            status, body = call(base_of(), "/roster", jar=hr_jar_of())
            ledger.note(status, body, time.time() - t)
    threads = [threading.Thread(target=f) for f in [logins, logins, imports] + [reads] * readers]
    for t in threads:
        t.start()
    return threads


def check_written(base, ledger, db_count):
    """Every acknowledged session authenticates; every import is whole or absent, and whole if acknowledged."""
    lost = 0
    for jar in ledger.sessions:
        status, body = call(base, "/api/whoami", b"", jar)
        if status != 200 or '"username":"employee"' not in body.replace(" ", ""):
            lost += 1
    half, missing = [], []
    for tag, (rows, acked) in ledger.imports.items():
        n = db_count(tag)
        if n not in (0, rows):
            half.append((tag, n))
        if acked and n != rows:
            missing.append((tag, n))
    whole = sum(1 for tag, (rows, _) in ledger.imports.items() if db_count(tag) == rows)
    print(f"  sessions acknowledged: {len(ledger.sessions)}, lost: {lost}")
    print(f"  imports tried: {len(ledger.imports)}, acknowledged: {sum(1 for r in ledger.imports.values() if r[1])}, "
          f"present whole: {whole}, half-applied: {len(half)}, acknowledged but missing: {len(missing)}")
    return lost == 0 and not half and not missing


def counter_for(url):
    if url.startswith("sqlite:"):
        path = url[len("sqlite:"):]

        def count(tag):
            c = sqlite3.connect(path, timeout=30)
            try:
                return c.execute("SELECT COUNT(*) FROM people WHERE name LIKE ?", (tag + "%",)).fetchone()[0]
            finally:
                c.close()
    else:
        def count(tag):
            out = subprocess.run(["psql", url, "-tAc", f"SELECT COUNT(*) FROM people WHERE name LIKE '{tag}%'"],
                                 capture_output=True, text=True, check=True)
            return int(out.stdout.strip())
    return count


def integrity(url):
    if not url.startswith("sqlite:"):
        return True
    c = sqlite3.connect(url[len("sqlite:"):])
    r = c.execute("PRAGMA integrity_check").fetchone()[0]
    c.close()
    print(f"  SQLite integrity check: {r}")
    return r == "ok"


def audit_verify(env):
    r = subprocess.run([args.bin, "audit", "verify"], env=env, capture_output=True, text=True)
    print(f"  yucai audit verify: exit {r.returncode}: {(r.stdout + r.stderr).strip().splitlines()[-1] if (r.stdout + r.stderr).strip() else ''}")
    return r.returncode == 0


def env_for(url):
    # The benchmarks' fixed key: the drill writes employees' sessions directly (harness.employee_sessions).
    return dict(os.environ, DATABASE_URL=url, YUCAI_SECRET_KEY=MASTER, RUST_LOG="warn")


def seed(env):
    subprocess.run([args.bin, "demo"], env=env, check=True, capture_output=True)


def started(url):
    """A fresh database with the demo organisation and a server on it."""
    fresh_database(url)
    env = env_for(url)
    seed(env)
    server = Server(env)
    server.start()
    return env, server


def crash():
    url = args.url or "sqlite:/tmp/yucai-drill.db"
    env, server = started(url)
    ledger, state = Ledger(), {"hr": hr_session(server.base)}
    mix = Mix(server.base, state["hr"], url)
    stop = threading.Event()
    threads = writers(lambda: server.base, ledger, stop, lambda: state["hr"])
    threads += mix_writers(lambda: server.base, ledger, stop, lambda: state["hr"], mix)
    began = time.time()
    for k in range(args.kills):
        time.sleep(random.uniform(0.05, 0.6))
        server.kill()
        server.start()
        if (k + 1) % 25 == 0:
            print(f"  {k + 1} kills, acknowledged so far: {len(ledger.sessions)} sessions, {sum(1 for r in ledger.imports.values() if r[1])} imports, "
                  f"{len(ledger.checkins)} check-ins, {len(ledger.ratings)} ratings, {sum(ledger.campaigns.values())} campaign commits")
    stop.set()
    for t in threads:
        t.join()
    print(f"crash drill on {url.split(':')[0]}: {args.kills} SIGKILLs in {time.time() - began:.0f} s")
    ok = check_written(server.base, ledger, counter_for(url))
    ok = check_mix(ledger, mix) and ok
    server.stop()
    ok = integrity(url) and ok
    ok = audit_verify(env) and ok
    print("PASS" if ok else "FAIL")
    return ok


def pg_restart():
    url = args.url or "postgres://yucai:yucai@127.0.0.1:5432/yucai_drill"
    env, server = started(url)
    ledger, hr = Ledger(), hr_session(server.base)
    mix = Mix(server.base, hr, url)
    stop = threading.Event()
    threads = writers(lambda: server.base, ledger, stop, lambda: hr, readers=2)
    threads += mix_writers(lambda: server.base, ledger, stop, lambda: hr, mix)
    time.sleep(3)
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.split()
    version, name = clusters[0], clusters[1]
    before = dict(ledger.statuses)
    t0 = time.time()
    subprocess.run(["pg_ctlcluster", version, name, "stop", "-m", "fast"], check=True)
    time.sleep(5)
    down = {k: ledger.statuses.get(k, 0) - before.get(k, 0) for k in ledger.statuses}
    subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
    back = None
    while time.time() - t0 < 60:
        if call(server.base, "/roster", jar=hr)[0] == 200:
            back = time.time() - t0
            break
        time.sleep(0.1)
    time.sleep(3)
    stop.set()
    for t in threads:
        t.join()
    print(f"PostgreSQL restart drill: database down 5 s; answers while down: {down}")
    print(f"  all answers: {ledger.statuses}; answers with internals: {len(ledger.internals)}; requests over 15 s: {ledger.slow}")
    print(f"  pages answered again {back:.1f} s after the stop began" if back else "  the app did not recover within 60 s")
    ok = back is not None and not ledger.internals and ledger.slow == 0 and ledger.statuses.get(500, 0) == 0
    ok = check_written(server.base, ledger, counter_for(url)) and ok
    ok = check_mix(ledger, mix) and ok
    server.stop()
    print("PASS" if ok else "FAIL")
    return ok


def disk_full():
    if os.geteuid() != 0:
        raise SystemExit("the disk-full drill mounts a tmpfs: run it as root")
    mnt = tempfile.mkdtemp(prefix="yucai-full-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", mnt], check=True)
    try:
        url = f"sqlite:{mnt}/yucai.db"
        env = env_for(url)
        seed(env)
        server = Server(env)
        server.start()
        ledger, hr = Ledger(), hr_session(server.base)
        for _ in range(5):
            import_people(server.base, hr, ledger)
        # Fill the volume to the last byte.
        with open(f"{mnt}/filler", "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        full = Ledger()
        # Small writes may still fit in the write-ahead log's existing pages; imports of 3,000 people
        # need new space.
        results = [login(server.base, full) for _ in range(10)] + [import_people(server.base, hr, full, rows=3000) for _ in range(3)]
        results += [login(server.base, full) for _ in range(10)]
        messages = set()
        rows = [HEADER] + [[f"满盘{i:03d}", id_number("410105", "19800101", f"{i:03}"), "汉族", "群众", "", "2000-07-01", "大学本科", "学士", "",
                            "事业编制", "办公室", "科员", "科员", "管理岗位", "", ""] for i in range(999)]
        body, ctype = multipart({"commit": "1"}, workbook(rows))
        for _ in range(2):
            status, text = call(server.base, "/api/roster_import", body, hr, ctype, timeout=60)
            messages.add((status, text[:120]))
        reads = [call(server.base, "/roster", jar=hr)[0] for _ in range(5)]
        print(f"disk-full drill: with the volume full, writes answered {sorted(set(results))}, pages {sorted(set(reads))}")
        for m in messages:
            print(f"  {m[0]}: {m[1]}")
        os.remove(f"{mnt}/filler")
        after = [login(server.base, ledger) for _ in range(5)] + [import_people(server.base, hr, ledger, rows=r) for r in (20, 3000, 20)]
        print(f"  space back: writes answered {sorted(set(after))}")
        for tag, (rows, acked) in full.imports.items():
            ledger.imports[tag] = (rows, acked)
        for jar in full.sessions:
            ledger.sessions.append(jar)
        # Every write either landed (and stays) or was refused with the message; at least one was refused.
        ok = set(results) <= {200, 503} and 503 in results and not full.internals and all(s == 200 for s in after)
        ok = all(s == 200 for s in reads) and ok
        ok = check_written(server.base, ledger, counter_for(url)) and ok
        server.stop()
        ok = integrity(url) and ok
        print("PASS" if ok else "FAIL")
        return ok
    finally:
        subprocess.run(["umount", mnt])
        os.rmdir(mnt)


def rolling():
    import ssl
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "deploy"))
    from check import Deployment, http_get  # noqa: E402
    # nginx's certificate is made for the drill.
    ssl._create_default_https_context = ssl._create_unverified_context
    dep = Deployment(args.bin, args.site, args.pg, "yucai_rolling", secret_key=MASTER)
    try:
        dep.create_db()
        dep.start(0, demo=True)
        dep.start(1)
        dep.start_nginx()
        base = dep.base
        ledger, hr = Ledger(), hr_session(base)
        mix = Mix(base, hr, dep.db_url)

        def scrape():
            total = {}
            for port in dep.metrics_ports:
                try:
                    text = http_get(f"http://127.0.0.1:{port}/metrics")
                except Exception:
                    continue
                for line in text.splitlines():
                    m = re.match(r'^(yucai_http_requests_total|yucai_http_request_duration_seconds_count|yucai_actions_total)\{([^}]*)\} (\S+)', line)
                    if m:
                        key = m.group(1) + ("{lecture_checkin}" if 'endpoint="lecture_checkin"' in m.group(2) else "")
                        total[key] = total.get(key, 0) + float(m.group(3))
            return total
        before = scrape()
        stop = threading.Event()
        threads = writers(lambda: base, ledger, stop, lambda: hr, readers=2)
        threads += mix_writers(lambda: base, ledger, stop, lambda: hr, mix)
        time.sleep(5)
        exits, gaps = [], []
        for i in (0, 1):
            t = time.time()
            exits.append(dep.stop(i))
            time.sleep(1)
            dep.start(i)
            gaps.append(time.time() - t)
            time.sleep(5)
        during = scrape()
        stop.set()
        for t in threads:
            t.join()
        failed = sum(n for status, n in ledger.statuses.items() if status == 0 or status >= 500)
        print(f"rolling-restart drill: A then B stopped with SIGTERM and started again (down {gaps[0]:.1f} s and {gaps[1]:.1f} s), "
              f"exit codes {exits}")
        print(f"  answers seen by the clients: {dict(sorted(ledger.statuses.items()))}; failed: {failed}; over 15 s: {ledger.slow}")
        moved = {k: during.get(k, 0) - before.get(k, 0) for k in sorted(set(before) | set(during))}
        print(f"  /metrics of the running instances, before and after (counts restart with an instance): {moved}")
        ok = failed == 0 and ledger.slow == 0 and exits == [0, 0]
        ok = check_written(base, ledger, counter_for(dep.db_url)) and ok
        ok = check_mix(ledger, mix) and ok
        ok = any(v > 0 for k, v in moved.items() if k.startswith("yucai_http_requests_total")) and ok
        print("PASS" if ok else "FAIL")
        return ok
    finally:
        dep.close()


ok = {"crash": crash, "pg-restart": pg_restart, "disk-full": disk_full, "rolling": rolling}[args.drill]()
sys.exit(0 if ok else 1)
