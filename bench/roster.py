#!/usr/bin/env python3
"""Roster list and search latency at scale.

Usage (from the repository root, after `make build`):
    python3 bench/roster.py [--employees 100000] [--url sqlite:/tmp/yucai-bench.db | postgres://...]

Seeds the database with `yucai demo --employees N` if it is empty, starts `yucai serve` on a
free port, logs in as HR and times each query type N times over HTTP (the same server
functions the browser calls), printing p50 and p99 in milliseconds; then times the export of
everyone to .xlsx. For PostgreSQL pass an empty database's URL.
"""
import argparse, json, os, statistics, subprocess, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DEFAULT_BIN, serve_as_hr, FORM, form # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--employees", type=int, default=100000)
ap.add_argument("--url", default="sqlite:/tmp/yucai-bench.db")
ap.add_argument("--runs", type=int, default=200)
ap.add_argument("--bin", default=DEFAULT_BIN)
args = ap.parse_args()

env = dict(os.environ, DATABASE_URL=args.url, YUCAI_SECRET_KEY_FILE="/tmp/yucai-bench.key", RUST_LOG="warn")
t0 = time.time()
seed = subprocess.run([args.bin, "demo", "--employees", str(args.employees)], env=env, capture_output=True, text=True)
if seed.returncode == 0:
    print(f"seeded {args.employees} people in {time.time() - t0:.1f} s")
else:
    print("database already has data; not seeding")

with serve_as_hr(args.bin, env) as (base, opener):
    def query(**kw):
        q = {"q": "", "unit_id": 0, "level": "", "establishment": "", "status": "", "political": "", "education": "",
             "sex": "", "age_min": None, "age_max": None, "sort": "", "desc": False, "page": 1}
        q.update(kw)
        return form({"query": q}).encode()

    cases = {
        "list, first page": query(),
        "list, page 500": query(page=500),
        "sort by name": query(sort="name"),
        "filter level + education + age": query(level="科员", education="大学本科", age_min=30, age_max=40),
        "search name (王)": query(q="王"),
        "search pinyin initials (zw)": query(q="zw"),
        "search full pinyin (wangfang)": query(q="wangfang"),
        "search exact ID (no match)": query(q="11010519491231002X"),
        "sort by age, page 100": query(sort="age", page=100),
        "filter party member + woman": query(political="中共党员", sex="女"),
        "filter 部室 subtree": query(unit_id=3),
    }
    print(f"{'case':40} {'p50 ms':>8} {'p99 ms':>8} {'rows':>8}")
    for name, body in cases.items():
        times = []
        total = 0
        for _ in range(args.runs):
            req = urllib.request.Request(base + "/api/roster_list", data=body, headers={"content-type": FORM})
            t = time.perf_counter()
            res = json.loads(opener.open(req).read())
            times.append((time.perf_counter() - t) * 1000)
            total = res["total"]
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"{name:40} {statistics.median(times):8.1f} {p99:8.1f} {total:8}")

    # Export of the whole roster (everyone, every status) to .xlsx, masked and in full.
    for label, method, body in [("export all, masked", "GET", None), ("export all, masked", "GET", None), ("export all, full ID", "POST", b"full_id=1")]:
        req = urllib.request.Request(base + "/api/roster_export?status=%E5%85%A8%E9%83%A8", data=body, method=method,
                                     headers={"content-type": "application/x-www-form-urlencoded"} if body else {})
        t = time.perf_counter()
        size = len(opener.open(req, timeout=120).read())
        print(f"{label:40} {time.perf_counter() - t:8.2f} s  {size / 1e6:.1f} MB")
