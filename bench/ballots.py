#!/usr/bin/env python3
"""A 民主推荐 round's ballots in a burst: 300 voters cast their one ballot within 10 seconds.

Usage (from the repository root, after `make build`):
    python3 bench/ballots.py [--employees 100000] [--url sqlite:/tmp/yucai-lectures.db | postgres://...] [--voters 300] [--seconds 10]

1. Seeds an empty database with `yucai demo --employees N` (a database seeded earlier, e.g. by
   bench/lectures.py, is used as it is).
2. Makes `--voters` employee accounts, each with a live session, and an open online 副科 round
   whose voter group is exactly them, with 12 candidates and 3 seats.
3. The voters cast their ballots (2–3 choices each), paced evenly over `--seconds`, each on its own
   connection, as a phone with JavaScript posts the ballot form. Prints errors and p50/p99/max;
   then checks that the round counted every voter once and stored every choice (target: 0 errors,
   p99 ≤ 150 ms). Then each voter tries a second ballot: all must be refused.
"""
import argparse, concurrent.futures, json, os, sys, time, urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DEFAULT_BIN, MASTER, employee_sessions, pct, seed_demo, serve_as_hr, sql_runner  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--employees", type=int, default=100000)
ap.add_argument("--url", default="sqlite:/tmp/yucai-lectures.db")
ap.add_argument("--voters", type=int, default=300)
ap.add_argument("--seconds", type=float, default=10.0)
ap.add_argument("--bin", default=DEFAULT_BIN)
args = ap.parse_args()

env = dict(os.environ, DATABASE_URL=args.url, YUCAI_SECRET_KEY=MASTER, RUST_LOG="warn")
sql = sql_runner(args.url)

seed_demo(args.bin, env, args.employees)

with serve_as_hr(args.bin, env, log="/tmp/yucai-ballots-bench.log") as (base, hr):
    n = args.voters
    tokens = employee_sessions(sql, "voter", n)
    now = int(time.time() * 1000)
    title = f"bench 民主推荐 {now}"
    candidates = sql([f"SELECT id FROM people WHERE status = '在职' AND level = '科员' ORDER BY (id * 7919) % 10007, id LIMIT 12"]).split()
    round_sql = f"(SELECT id FROM reserve_rounds WHERE title = '{title}')"
    stmts = [
        "BEGIN",
        "INSERT INTO reserve_rounds (title, target, seats, mode, min_num, min_den, closes_at, closed_at, paper_ballots, created_at, created_by) "
        f"VALUES ('{title}', '副科级', 3, 'online', 2, 3, {now + 3_600_000}, NULL, 0, {now}, 'bench')",
    ]
    stmts += [f"INSERT INTO reserve_round_candidates (round_id, person_id, votes, paper) VALUES ({round_sql}, {c}, 0, 0)" for c in candidates]
    stmts.append(f"INSERT INTO reserve_round_voters (round_id, person_id, voted) SELECT {round_sql}, person_id, 0 FROM users WHERE username LIKE 'voter%'")
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

    start = time.perf_counter() + 0.5

    def paced(i):
        time.sleep(max(0.0, start + i * args.seconds / n - time.perf_counter()))
        return cast(i)

    wall = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
        results = list(pool.map(paced, range(n)))
    wall = time.perf_counter() - wall
    errors = [r for r in results if r[0] != 200]
    ms = [r[2] for r in results if r[0] == 200]
    chosen = sum(r[3] for r in results if r[0] == 200)
    took_part = int(sql([f"SELECT COUNT(*) FROM reserve_round_voters WHERE round_id = {round_id} AND voted = 1"]).strip())
    votes = int(sql([f"SELECT COALESCE(SUM(votes), 0) FROM reserve_round_candidates WHERE round_id = {round_id}"]).strip())
    print(f"ballot burst: {n} voters over {args.seconds:.0f} s, done in {wall:.1f} s; errors {len(errors)}; "
          f"counted as voted {took_part}; choices stored {votes} of {chosen}")
    for e in errors[:5]:
        print("  error:", e[:2])
    print(f"  ballot p50 {pct(ms, 50):.1f} ms, p99 {pct(ms, 99):.1f} ms, max {max(ms or [0]):.1f} ms   target: 0 errors, p99 ≤ 150 ms")

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        again = list(pool.map(cast, range(n)))
    refused = sum(1 for r in again if r[0] == 400 and "只能投一次" in r[1])
    print(f"second ballots: {refused} of {n} refused")
    ok = not errors and took_part == n and votes == chosen and refused == n
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)
