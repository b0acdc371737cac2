#!/usr/bin/env python3
"""Front-end weight and kept-alive latency.

Usage (from the repository root, after `make build`; needs wrk and the browser-test packages,
`make browser`):
    python3 bench/frontend.py [--employees 100000] [--url sqlite:/tmp/yucai-bench.db]

Prints, for a cold visit in a fresh Chromium profile of /login (anonymous), /, /me and the ballot
list (employee), /roster, a person's page and the session form (HR), and (on SQLite) a session's
check-in and rating pages (employee): the HTML, wasm, JS and CSS bytes downloaded (raw and as
sent, brotli), the number of JS and wasm requests and of all requests; then `wrk -t1 -c1` (one
kept-alive connection) p50/p99 for /me and /roster as HR, on a database of --employees people;
then the size of every wasm file of the site.
"""
import argparse, glob, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import page_weights, serve_as_hr, wrk  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--employees", type=int, default=100000)
ap.add_argument("--url", default="sqlite:/tmp/yucai-bench.db")
ap.add_argument("--seconds", type=int, default=8)
ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/yucai/target")), "release", "yucai"))
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

env = dict(os.environ, DATABASE_URL=args.url, YUCAI_SECRET_KEY_FILE="/tmp/yucai-bench.key", RUST_LOG="warn",
           YUCAI_SITE_ROOT=os.path.join(root, "target", "site"))
seed = subprocess.run([args.bin, "demo", "--employees", str(args.employees)], env=env, capture_output=True, text=True)
print(f"seeded {args.employees} people" if seed.returncode == 0 else "database already has data; not seeding")

pages = [{"path": "/login", "user": None}, {"path": "/", "user": "employee"}, {"path": "/me", "user": "employee"},
         {"path": "/reserve/ballot", "user": "employee"}, {"path": "/roster", "user": "hr"}, {"path": "/roster/1", "user": "hr"},
         {"path": "/lectures/new", "user": "hr"}]
if args.url.startswith("sqlite:"):
    # The phone pages an employee opens in a lecture hall: a session's check-in and rating pages.
    import sqlite3
    sid = sqlite3.connect(args.url[len("sqlite:"):]).execute("SELECT max(id) FROM lecture_sessions").fetchone()[0]
    if sid:
        pages += [{"path": f"/lectures/{sid}/checkin", "user": "employee"}, {"path": f"/lectures/{sid}/rate", "user": "employee"}]
with serve_as_hr(args.bin, env) as (base, opener):
    print(f"\n{'page':22} {'requests':>8} {'JS+wasm':>7} {'HTML raw':>9} {'HTML br':>8} {'wasm raw':>9} {'wasm br':>8} "
          f"{'JS raw':>7} {'JS br':>6} {'CSS raw':>8} {'CSS br':>7}")
    for row in page_weights(base, pages):
        kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
        print(f"{row['path']:22} {row['requests']:>8} {row['code_requests']:>7} {kb(row['html'][0]):>9} {kb(row['html'][1]):>8} "
              f"{kb(row['wasm'][0]):>9} {kb(row['wasm'][1]):>8} {kb(row['js'][0]):>7} {kb(row['js'][1]):>6} "
              f"{kb(row['css'][0]):>8} {kb(row['css'][1]):>7}")

    cookie = "; ".join(f"{c.name}={c.value}" for h in opener.handlers if hasattr(h, "cookiejar") for c in h.cookiejar)
    print(f"\nwrk -t1 -c1 -d{args.seconds}s, HR, {args.employees} people")
    for path in ("/me", "/roster"):
        r = wrk(base + path, cookie, 1, args.seconds, threads=1)
        print(f"  {path:8} p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms  {r['rps']:.0f} req/s" + (f"  ({r['errors']} errors!)" if r["errors"] else ""))

print("\nwasm files of the site:")
for f in sorted(glob.glob(os.path.join(root, "target", "site", "pkg", "*.wasm"))):
    br = f + ".br"
    print(f"  {os.path.basename(f):50} {os.path.getsize(f) / 1024:8.0f} KB raw" +
          (f" {os.path.getsize(br) / 1024:6.0f} KB br" if os.path.exists(br) else ""))
