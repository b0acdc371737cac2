#!/usr/bin/env python3
"""Lectures at scale: a check-in burst, and the month view, 我的课程 and an attendance list with
five years of both series for 100,000 people.

Usage (from the repository root, after `make build`):
    python3 bench/lectures.py [--employees 100000] [--years 5] [--url sqlite:/tmp/yucai-lectures.db | postgres://...]

1. Seeds an empty database with `yucai demo --employees N --lecture-years Y` (the demo's two
   series over Y years, with attendance and leave for every session held).
2. Makes 1,000 accounts for 1,000 different employees, each with a live session written
   directly (as if they had logged in earlier).
3. Twice, each time on a new session running now for everyone (HR creates it and takes the
   room screen's code): the 1,000 check in, paced evenly over 10 seconds (100 a second), each on
   its own connection; the second time 200 of them first post their password (argon2, a new
   session) and then check in. Reports errors and the check-in latency p50/p99 (and, for the
   200, login and check-in together).
4. The 1,000 who checked in first then rate that session (moved to have ended), paced the same
   way: errors, ratings kept, p50/p99.
5. Times the month view, an employee's 我的课程 and the attendance list of a 大讲堂 (everyone
   required) `--runs` times each: p50 and p99 in milliseconds. Then the 学时 reads: the
   employee's own ledger and archive, a random person's ledger and archive as HR, and the whole
   organisation's completion per 部室 with its at-risk list, the annual summary and 考核评比
   (these three `--runs`/5 times, at least 20).

For PostgreSQL pass an empty database's URL. Nothing else may use the database meanwhile.
"""
import argparse, random, datetime, http.cookiejar, json, os, statistics, subprocess, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bursts  # noqa: E402
from harness import DEFAULT_BIN, MASTER, employee_sessions, pct, serve_as_hr, sql_runner, FORM, form  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--employees", type=int, default=100000)
ap.add_argument("--years", type=int, default=5)
ap.add_argument("--url", default="sqlite:/tmp/yucai-lectures.db")
ap.add_argument("--runs", type=int, default=200)
ap.add_argument("--burst", type=int, default=1000)
ap.add_argument("--logins", type=int, default=200)
ap.add_argument("--seconds", type=float, default=10.0)
ap.add_argument("--bin", default=DEFAULT_BIN)
args = ap.parse_args()

env = dict(os.environ, DATABASE_URL=args.url, YUCAI_SECRET_KEY=MASTER, RUST_LOG="warn")
sql = sql_runner(args.url)


t0 = time.time()
seed = subprocess.run([args.bin, "demo", "--employees", str(args.employees), "--lecture-years", str(args.years)], env=env, capture_output=True, text=True)
if seed.returncode == 0:
    print(f"seeded {args.employees} people and {args.years} years of lectures in {time.time() - t0:.1f} s")
else:
    print("database already has data; not seeding" if "已有账户" in seed.stderr + seed.stdout else f"seeding failed: {seed.stderr[-800:]}")
counts = sql(["SELECT COUNT(*) FROM lecture_sessions", "SELECT COUNT(*) FROM lecture_attendance", "SELECT COUNT(*) FROM lecture_leaves"]).split()
print(f"sessions {counts[0]}, attendance rows {counts[1]}, leave requests {counts[2]}")

# Accounts for the burst, each with a live session.
n = args.burst
tokens = employee_sessions(sql, "burst", n)

with serve_as_hr(args.bin, env, log="/tmp/yucai-lectures-bench.log") as (base, hr):
    def post(opener, endpoint, body, content_type="application/x-www-form-urlencoded"):
        return bursts.post(base, opener, endpoint, body, content_type)

    first = None
    for phase in sorted({0, args.logins}):
        sid = bursts.checkin(base, hr, sql, tokens, n, phase, args.seconds)["session"]
        first = first or sid
    bursts.rating(base, sql, tokens, first, n, args.seconds)

    # Reading at scale.
    cn = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    emp = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    post(emp, "login", "username=employee&password=demo12345")
    hall = sql(["SELECT id FROM lecture_sessions WHERE kind = '大讲堂' AND ends_at < " + str(int(time.time() * 1000)) + " ORDER BY starts_at DESC LIMIT 1"]).strip()
    today = cn.strftime("%Y-%m-%d")
    first = cn.replace(day=1)
    grid_start = (first - datetime.timedelta(days=first.weekday())).strftime("%Y-%m-%d")
    cases = [
        ("month view (42 days)", hr, "lecture_calendar", form({"query": {"from": grid_start, "days": 42, "series_id": None, "category_id": None, "unit_id": None}}), FORM),
        ("我的课程 (this year)", emp, "my_lectures", f"year={cn.year}", "application/x-www-form-urlencoded"),
        ("attendance list, 大讲堂 page 1", hr, "lecture_attendance", f"session_id={hall}&filter=&page=1", "application/x-www-form-urlencoded"),
        ("attendance list, absent only", hr, "lecture_attendance", f"session_id={hall}&filter=absent&page=1", "application/x-www-form-urlencoded"),
        ("attendance list, page 500", hr, "lecture_attendance", f"session_id={hall}&filter=&page=500", "application/x-www-form-urlencoded"),
    ]
    # 学时: one's own ledger, a person's ledger read by HR (a different person each time), and the
    # whole organisation's completion and at-risk list (fewer runs: each reads every ledger).
    person_ids = [int(x) for x in sql(["SELECT id FROM people WHERE status = '在职' ORDER BY id"]).split()]
    rnd = random.Random(7)
    heavy = max(20, args.runs // 5)
    cases += [
        ("我的学时 (ledger, own)", emp, "my_hours", "year=0", "application/x-www-form-urlencoded"),
        ("a person's ledger (HR)", hr, "person_hours", lambda: f"person_id={rnd.choice(person_ids)}&year=0", "application/x-www-form-urlencoded"),
        ("at-risk list + 部室 completion", hr, "hours_overview", "year=0&page=1", "application/x-www-form-urlencoded", heavy),
        ("个人培训档案 (own)", emp, "training_archive", "person_id=0", "application/x-www-form-urlencoded"),
        ("个人培训档案 (HR, any person)", hr, "training_archive", lambda: f"person_id={rnd.choice(person_ids)}", "application/x-www-form-urlencoded"),
        ("annual summary", hr, "training_summary", "year=0", "application/x-www-form-urlencoded", heavy),
        ("考核评比 (this year)", hr, "dept_ranking", "from=&to=", "application/x-www-form-urlencoded", heavy),
    ]
    for case in cases:
        name, opener, endpoint, body, ct = case[:5]
        runs = case[5] if len(case) > 5 else args.runs
        times = []
        for _ in range(runs):
            s, b, ms = post(opener, endpoint, body() if callable(body) else body, ct)
            if s != 200:
                sys.exit(f"{name}: {s} {b[:300]}")
            times.append(ms)
        print(f"{name:34s} p50 {statistics.median(times):6.1f} ms   p99 {pct(times, 99):6.1f} ms")
