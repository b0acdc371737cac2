#!/usr/bin/env python3
"""Reserve cadres at scale: the "who could enter the 副科 pool" search over every active person,
and a pool's candidate list with eligibility, votes, 学时 and grades.

Usage (from the repository root, after `make build`):
    python3 bench/reserve.py [--employees 100000] [--url sqlite:/tmp/yucai-lectures.db | postgres://...] [--pool 300]

1. Seeds an empty database with `yucai demo --employees N` (a database seeded earlier, e.g. by
   bench/lectures.py, is used as it is; its schema is migrated when the server starts).
2. Fills the 副科 pool to `--pool` open entries (people at the feeder level, 科员), a third of
   them from a closed 民主推荐 round with counts, with the demo leader's opinion on every other one.
3. Times, as HR: the search (副科级, eligible now or within 365 days; `--search-runs` times) and
   the 副科 pool's candidate list, the 正科 pool's and the pipeline overview (`--runs` times each):
   p50, p99 and max in milliseconds. Targets: search ≤ 2 s; candidate list p99 ≤ 100 ms.

For PostgreSQL pass the URL of a database (empty, or seeded by this script or bench/lectures.py).
"""
import argparse, os, statistics, sys, time, urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DEFAULT_BIN, MASTER, pct, seed_demo, serve_as_hr, sql_runner  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--employees", type=int, default=100000)
ap.add_argument("--url", default="sqlite:/tmp/yucai-lectures.db")
ap.add_argument("--pool", type=int, default=300)
ap.add_argument("--runs", type=int, default=200)
ap.add_argument("--search-runs", type=int, default=10)
ap.add_argument("--bin", default=DEFAULT_BIN)
args = ap.parse_args()

env = dict(os.environ, DATABASE_URL=args.url, YUCAI_SECRET_KEY=MASTER, RUST_LOG="warn")
sql = sql_runner(args.url)


seed_demo(args.bin, env, args.employees)

with serve_as_hr(args.bin, env, log="/tmp/yucai-reserve-bench.log") as (base, hr):
    # The schema is current now (the server migrated it): fill the 副科 pool.
    have = int(sql(["SELECT COUNT(*) FROM reserve_entries WHERE target = '副科级' AND stage NOT IN ('已使用', '已撤销')"]).strip() or 0)
    if have < args.pool:
        need = args.pool - have
        ids = sql([
            "SELECT id FROM people WHERE status = '在职' AND level = '科员' AND id NOT IN (SELECT person_id FROM reserve_entries WHERE target = '副科级') "
            f"ORDER BY (id * 7919) % 10007, id LIMIT {need}"
        ]).split()
        now = int(time.time() * 1000)
        stmts = ["BEGIN"]
        stmts.append(
            "INSERT INTO reserve_rounds (title, target, seats, mode, min_num, min_den, closes_at, closed_at, paper_ballots, created_at, created_by) "
            f"VALUES ('bench 民主推荐', '副科级', 3, 'online', 2, 3, {now - 86400000}, {now - 86400000}, 0, {now - 5 * 86400000}, 'bench')"
        )
        round_sql = "(SELECT MAX(id) FROM reserve_rounds WHERE title = 'bench 民主推荐')"
        for i, pid in enumerate(ids):
            from_round = i % 3 == 0
            stmts.append(
                "INSERT INTO reserve_entries (person_id, target, stage, source, recommender, recommended_on, reasons, round_id, stage_since, created_at, created_by) "
                f"VALUES ({pid}, '副科级', '{['推荐', '考察', '研究决定'][i % 3]}', '{'民主推荐' if from_round else '组织推荐'}', '', '2026-01-15', 'bench', "
                f"{round_sql if from_round else 'NULL'}, {now - i * 3600000}, {now - i * 3600000}, 'bench')"
            )
            if from_round:
                stmts.append(f"INSERT INTO reserve_round_candidates (round_id, person_id, votes, paper) VALUES ({round_sql}, {pid}, {(i * 13) % 60}, 0)")
            if i % 2 == 0:
                stmts.append(
                    "INSERT INTO reserve_opinions (entry_id, user_id, opinion, comment, at) "
                    f"SELECT MAX(e.id), (SELECT id FROM users WHERE username = 'leader'), '同意', '', {now} FROM reserve_entries e WHERE e.person_id = {pid} AND e.target = '副科级'"
                )
        voters = sql(["SELECT id FROM people WHERE status = '在职' ORDER BY id LIMIT 90"]).split()
        for k, v in enumerate(voters):
            stmts.append(f"INSERT INTO reserve_round_voters (round_id, person_id, voted) VALUES ({round_sql}, {v}, {1 if k % 10 else 0})")
        stmts.append("COMMIT")
        sql(stmts)
        print(f"added {len(ids)} entries to the 副科 pool")
    people = sql(["SELECT COUNT(*) FROM people WHERE status = '在职'"]).strip()
    pool = sql(["SELECT COUNT(*) FROM reserve_entries WHERE target = '副科级' AND stage NOT IN ('已使用', '已撤销')"]).strip()
    print(f"active people {people}; open entries in the 副科 pool {pool}")

    def call(endpoint, form):
        body = urllib.parse.urlencode(form).encode()
        t = time.perf_counter()
        try:
            with hr.open(urllib.request.Request(f"{base}/api/{endpoint}", data=body), timeout=120) as r:
                text = r.read().decode()
                status = r.status
        except urllib.error.HTTPError as e:
            text, status = e.read().decode(), e.code
        ms = (time.perf_counter() - t) * 1000
        if status != 200:
            sys.exit(f"{endpoint}: HTTP {status}: {text[:300]}")
        return ms, text

    def timed(label, endpoint, form, runs, target=None):
        call(endpoint, form)  # warm
        ms = [call(endpoint, form)[0] for _ in range(runs)]
        note = f"   target {target}" if target else ""
        print(f"{label:<46} runs {runs:>4}  p50 {statistics.median(ms):8.1f} ms  p99 {pct(ms, 99):8.1f} ms  max {max(ms):8.1f} ms{note}")
        return ms

    _, text = call("reserve_search", {"target": "副科级", "days": "365", "page": "1"})
    import json
    v = json.loads(text)
    print(f"search: evaluated {v['evaluated']}, eligible now {v['eligible_now']}, within 365 days {v['total']}")
    timed("who could enter the 副科 pool (365 days)", "reserve_search", {"target": "副科级", "days": "365", "page": "1"}, args.search_runs, "≤ 2000 ms")
    timed("who could enter the 正科 pool (365 days)", "reserve_search", {"target": "正科级", "days": "365", "page": "1"}, args.search_runs)
    _, text = call("reserve_pool", {"target": "副科级", "closed": "false"})
    print(f"副科 candidate list: {len(json.loads(text)['rows'])} rows")
    timed("副科 pool candidate list", "reserve_pool", {"target": "副科级", "closed": "false"}, args.runs, "p99 ≤ 100 ms")
    timed("正科 pool candidate list", "reserve_pool", {"target": "正科级", "closed": "false"}, args.runs)
    timed("pipeline overview", "reserve_overview", {}, args.runs)
