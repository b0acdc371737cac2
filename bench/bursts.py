"""The bursts of the benchmarks (check-in, rating, ballots), shared by bench/lectures.py,
bench/ballots.py and bench/run. Each returns a dict of figures and prints a short report."""
import concurrent.futures, datetime, http.cookiejar, json, sys, time, urllib.error, urllib.parse, urllib.request

from harness import FORM, form, pct


def post(base, opener, endpoint, body, content_type="application/x-www-form-urlencoded", timeout=30):
    """POST to a server function: (status, text, milliseconds)."""
    req = urllib.request.Request(f"{base}/api/{endpoint}", data=body.encode() if isinstance(body, str) else body, headers={"Content-Type": content_type})
    t = time.perf_counter()
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, r.read().decode(), (time.perf_counter() - t) * 1000
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), (time.perf_counter() - t) * 1000


def paced(n, seconds, one, workers=200):
    """Run one(i) for i in 0..n, started evenly over `seconds`; (results, wall seconds)."""
    start = time.perf_counter() + 0.5

    def at(i):
        time.sleep(max(0.0, start + i * seconds / n - time.perf_counter()))
        return one(i)

    wall = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(at, range(n)))
    return results, time.perf_counter() - wall


def session_now(base, hr, title="签到压测"):
    """A session running now (from 5 minutes ago for 35 minutes), for everyone; its id."""
    cn = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    start_min = max(0, cn.hour * 60 + cn.minute - 5)
    end_min = min(24 * 60 - 1, cn.hour * 60 + cn.minute + 30)
    hhmm = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    session = {"input": {"id": None, "title": title, "kind": "专题培训", "category_id": 1, "room_id": None, "date": cn.strftime("%Y-%m-%d"),
                         "start": hhmm(start_min), "end": hhmm(end_min), "hours": "", "lecturers": [], "materials_md": "", "summary_md": "",
                         "capacity": None, "enrol_deadline": "", "open_enrolment": False,
                         "audience": {"everyone": True, "unit_ids": [], "levels": [], "person_ids": []}}}
    status, body, _ = post(base, hr, "lecture_session_save", form(session), FORM)
    if status != 200:
        sys.exit(f"could not create the session: {status} {body}")
    return int(body)


def screen_code(base, hr, sid, at_least=25):
    """The room screen's check-in code, early in its window: valid for this window and the next
    (30-60 s): at least `at_least` seconds left."""
    while True:
        status, body, _ = post(base, hr, "lecture_screen", f"id={sid}")
        if status != 200:
            return None
        screen = json.loads(body)
        if screen["seconds_left"] >= at_least:
            return screen["url"].split("c=", 1)[1]
        time.sleep(screen["seconds_left"] + 0.2)


def checkin(base, hr, sql, tokens, n, logins, seconds):
    """A session running now for everyone (HR creates it and takes the room screen's code); `n`
    employees check in over `seconds`, each on its own connection, the first `logins` of them
    posting their password first (argon2, a new session). Returns the figures and the session."""
    sid = session_now(base, hr)
    code = screen_code(base, hr, sid)

    def one(i):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        total = 0.0
        if i < logins:
            s, b, ms = post(base, opener, "login", f"username=burst{i}&password=demo12345")
            total += ms
            if s != 200:
                return ("login", s, b[:200], total, 0.0)
        else:
            opener.addheaders = [("Cookie", f"yucai_session={tokens[i]}")]
        s, b, ms = post(base, opener, "lecture_checkin", f"session_id={sid}&code={code}")
        total += ms
        ok = s == 200 and ("签到成功" in b or "无需重复" in b)
        return ("ok" if ok else "checkin", s, b[:200], total, ms)

    results, wall = paced(n, seconds, one)
    errors = [r for r in results if r[0] != "ok"]
    ms = [r[4] for r in results if r[0] == "ok"]
    with_login = [r[3] for i, r in enumerate(results) if i < logins and r[0] == "ok"]
    marked = int(sql([f"SELECT COUNT(*) FROM lecture_attendance WHERE session_id = {sid}"]).strip())
    print(f"check-in burst: {n} employees ({logins} logging in first) over {seconds:.0f} s, done in {wall:.1f} s; "
          f"errors {len(errors)}; marked {marked}")
    for e in errors[:5]:
        print("  error:", e[:3])
    print(f"  check-in p50 {pct(ms, 50):.1f} ms, p99 {pct(ms, 99):.1f} ms, max {max(ms or [0]):.1f} ms")
    if with_login:
        print(f"  login + check-in (the {logins}) p50 {pct(with_login, 50):.1f} ms, p99 {pct(with_login, 99):.1f} ms")
    return {"n": n, "logins": logins, "errors": len(errors), "marked": marked, "p50": pct(ms, 50), "p99": pct(ms, 99),
            "login_p50": pct(with_login, 50), "login_p99": pct(with_login, 99), "session": sid, "wall": wall}


def rating(base, sql, tokens, sid, n, seconds):
    """The first `n` employees rate session `sid` (moved to have ended a minute ago) over
    `seconds`, each on its own connection: the anonymous rating form as a phone posts it."""
    now = int(time.time() * 1000)
    sql([f"UPDATE lecture_sessions SET starts_at = {now - 3_600_000}, ends_at = {now - 60_000} WHERE id = {sid}"])

    def one(i):
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", f"yucai_session={tokens[i]}")]
        score = 3 + i % 3
        body = f"session_id={sid}&" + "&".join(f"scores%5B{k}%5D={score}" for k in range(4)) + f"&overall={score}&comment=" + urllib.parse.quote("压测意见" if i % 4 == 0 else "")
        s, b, ms = post(base, opener, "rating_submit", body)
        return ("ok" if s == 200 else "rating", s, b[:200], ms)

    results, wall = paced(n, seconds, one)
    errors = [r for r in results if r[0] != "ok"]
    ms = [r[3] for r in results if r[0] == "ok"]
    kept = int(sql([f"SELECT COALESCE(SUM(n), 0) FROM lecture_rating_boxes WHERE session_id = {sid}"]).strip())
    print(f"rating burst: {n} employees over {seconds:.0f} s, done in {wall:.1f} s; errors {len(errors)}; ratings kept {kept}")
    for e in errors[:5]:
        print("  error:", e[:3])
    print(f"  rating p50 {pct(ms, 50):.1f} ms, p99 {pct(ms, 99):.1f} ms, max {max(ms or [0]):.1f} ms")
    return {"n": n, "errors": len(errors) + (n - kept if kept < n else 0), "kept": kept, "p50": pct(ms, 50), "p99": pct(ms, 99), "wall": wall}


def ballots(base, sql, prefix, tokens, n, seconds):
    """An open online 副科 round whose voters are the accounts named `prefix`… (`tokens`: their live
    sessions by index, from harness.employee_sessions), 12
    candidates, 3 seats; the voters cast their ballots (2-3 choices) over `seconds`, each on its
    own connection, as a phone posts the ballot form; then each tries a second ballot."""
    now = int(time.time() * 1000)
    title = f"bench 民主推荐 {now}"
    candidates = sql(["SELECT id FROM people WHERE status = '在职' AND level = '科员' ORDER BY (id * 7919) % 10007, id LIMIT 12"]).split()
    round_sql = f"(SELECT id FROM reserve_rounds WHERE title = '{title}')"
    stmts = [
        "BEGIN",
        "INSERT INTO reserve_rounds (title, target, seats, mode, min_num, min_den, closes_at, closed_at, paper_ballots, created_at, created_by) "
        f"VALUES ('{title}', '副科级', 3, 'online', 2, 3, {now + 3_600_000}, NULL, 0, {now}, 'bench')",
    ]
    stmts += [f"INSERT INTO reserve_round_candidates (round_id, person_id, votes, paper) VALUES ({round_sql}, {c}, 0, 0)" for c in candidates]
    stmts.append(f"INSERT INTO reserve_round_voters (round_id, person_id, voted) SELECT {round_sql}, person_id, 0 FROM users WHERE username LIKE '{prefix}%'")
    stmts.append("COMMIT")
    sql(stmts)
    round_id = int(sql([f"SELECT id FROM reserve_rounds WHERE title = '{title}'"]).strip())
    group = int(sql([f"SELECT COUNT(*) FROM reserve_round_voters WHERE round_id = {round_id}"]).strip())
    print(f"round {round_id}: {group} voters, {len(candidates)} candidates, 3 seats")

    def cast(i):
        choices = [candidates[(i + k * 5) % len(candidates)] for k in range(2 + i % 2)]
        body = urllib.parse.urlencode([("round_id", round_id), ("choices[]", 0)] + [("choices[]", c) for c in choices]).encode()
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", f"yucai_session={tokens[i]}")]
        t = time.perf_counter()
        try:
            with opener.open(urllib.request.Request(f"{base}/api/ballot_cast", data=body), timeout=30) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        return status, text[:200], (time.perf_counter() - t) * 1000, len(choices)

    results, wall = paced(n, seconds, cast, workers=100)
    errors = [r for r in results if r[0] != 200]
    ms = [r[2] for r in results if r[0] == 200]
    chosen = sum(r[3] for r in results if r[0] == 200)
    took_part = int(sql([f"SELECT COUNT(*) FROM reserve_round_voters WHERE round_id = {round_id} AND voted = 1"]).strip())
    votes = int(sql([f"SELECT COALESCE(SUM(votes), 0) FROM reserve_round_candidates WHERE round_id = {round_id}"]).strip())
    print(f"ballot burst: {n} voters over {seconds:.0f} s, done in {wall:.1f} s; errors {len(errors)}; "
          f"counted as voted {took_part}; choices stored {votes} of {chosen}")
    for e in errors[:5]:
        print("  error:", e[:2])
    print(f"  ballot p50 {pct(ms, 50):.1f} ms, p99 {pct(ms, 99):.1f} ms, max {max(ms or [0]):.1f} ms   target: 0 errors, p99 ≤ 150 ms")
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        again = list(pool.map(cast, range(n)))
    refused = sum(1 for r in again if r[0] == 400 and "只能投一次" in r[1])
    print(f"second ballots: {refused} of {n} refused")
    ok = not errors and took_part == n and votes == chosen and refused == n
    return {"n": n, "errors": len(errors), "voted": took_part, "votes": votes, "chosen": chosen, "refused": refused,
            "p50": pct(ms, 50), "p99": pct(ms, 99), "ok": ok, "wall": wall}
