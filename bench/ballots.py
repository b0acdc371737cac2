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
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bursts  # noqa: E402
from harness import DEFAULT_BIN, MASTER, employee_sessions, seed_demo, serve_as_hr, sql_runner  # noqa: E402

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
    tokens = employee_sessions(sql, "voter", args.voters)
    r = bursts.ballots(base, sql, "voter", tokens, args.voters, args.seconds)
    print("PASS" if r["ok"] else "FAIL")
    sys.exit(0 if r["ok"] else 1)
