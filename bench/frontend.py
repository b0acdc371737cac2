#!/usr/bin/env python3
"""Front-end weight and kept-alive latency.

Usage (from the repository root, after `make build`; needs wrk and the browser-test packages,
`make browser`):
    python3 bench/frontend.py [--employees 100000] [--url sqlite:/tmp/yucai-bench.db]

Prints, for a cold visit of /login (anonymous), / and /me (employee), /roster (HR) and (on SQLite)
a session's check-in and rating pages (employee) in a fresh Chromium profile: wasm, JS and CSS
bytes downloaded (raw and as sent, brotli) and the number of requests; then `wrk -t1 -c1` (one kept-alive connection) p50/p99 for /me and /roster as HR, on a
database of --employees people; then the size of every wasm file of the site.
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
         {"path": "/roster", "user": "hr"}]
if args.url.startswith("sqlite:"):
    # The phone pages an employee opens in a lecture hall: a session's check-in and rating pages.
    import sqlite3
    sid = sqlite3.connect(args.url[len("sqlite:"):]).execute("SELECT max(id) FROM lecture_sessions").fetchone()[0]
    if sid:
        pages += [{"path": f"/lectures/{sid}/checkin", "user": "employee"}, {"path": f"/lectures/{sid}/rate", "user": "employee"}]
with serve_as_hr(args.bin, env) as (base, opener):
    print(f"\n{'page':22} {'requests':>8} {'wasm raw':>10} {'wasm br':>9} {'JS raw':>8} {'JS br':>7} {'CSS raw':>8} {'CSS br':>7}")
    for row in page_weights(base, pages):
        kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
        print(f"{row['path']:22} {row['requests']:>8} {kb(row['wasm'][0]):>10} {kb(row['wasm'][1]):>9} {kb(row['js'][0]):>8} "
              f"{kb(row['js'][1]):>7} {kb(row['css'][0]):>8} {kb(row['css'][1]):>7}")

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
