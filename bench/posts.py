#!/usr/bin/env python3
"""Posts and appointments at scale: the vacancy view, a person's history and the probation list
with 100,000 people and their appointment histories, and committing a 首聘 campaign of 5,000.

Usage (from the repository root, after `make build`):
    python3 bench/posts.py [--employees 100000] [--url sqlite:/tmp/yucai-posts.db | postgres://...]

1. Seeds an empty database with `yucai demo --employees N` (posts for every 部室, an appointment
   history for everyone since they started work, the 2025 reorganisation's 首聘/平岗定位,
   promotions with probations).
2. Times, `--runs` times each, one after another: the vacancy view, the post list, a person's
   posts and history (a different person each time), the probation list (60 days): p50 and p99.
3. Creates 50 posts of 100 seats (科员 level), a 首聘 campaign, adds 5,000 active 科员 and assigns
   100 to each post, times the preview and the commit (one transaction), and checks that 5,000
   appointments were written with the campaign's 文号.

For PostgreSQL pass an empty database's URL. Nothing else may use the database meanwhile.
"""
import argparse, json, os, random, statistics, subprocess, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DEFAULT_BIN, serve_as_hr, FORM, form  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--employees", type=int, default=100000)
ap.add_argument("--url", default="sqlite:/tmp/yucai-posts.db")
ap.add_argument("--runs", type=int, default=200)
ap.add_argument("--campaign", type=int, default=5000)
ap.add_argument("--bin", default=DEFAULT_BIN)
args = ap.parse_args()

env = dict(os.environ, DATABASE_URL=args.url, YUCAI_SECRET_KEY="5e" * 32, RUST_LOG="warn")
is_pg = args.url.startswith("postgres")


def sql(statements):
    text = ";\n".join(statements) + ";\n"
    if is_pg:
        r = subprocess.run(["psql", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", args.url], input=text, capture_output=True, text=True)
    else:
        r = subprocess.run(["sqlite3", args.url.split(":", 1)[1].split("?")[0]], input=text, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"SQL failed: {r.stderr[:500]}")
    return r.stdout


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))] if v else float("nan")


t0 = time.time()
seed = subprocess.run([args.bin, "demo", "--employees", str(args.employees)], env=env, capture_output=True, text=True)
if seed.returncode == 0:
    print(f"seeded {args.employees} people in {time.time() - t0:.1f} s")
else:
    print("database already has data; not seeding" if "已有账户" in seed.stderr + seed.stdout else f"seeding failed: {seed.stderr[-800:]}")
counts = sql(["SELECT COUNT(*) FROM people", "SELECT COUNT(*) FROM posts", "SELECT COUNT(*) FROM appointments", "SELECT COUNT(*) FROM probations",
              "SELECT MIN(effective_date) FROM appointments"]).split()
print(f"people {counts[0]}, posts {counts[1]}, appointments {counts[2]}, probations {counts[3]}, history from {counts[4]}")

with serve_as_hr(args.bin, env) as (base, hr):
    def post(endpoint, body, ct="application/x-www-form-urlencoded"):
        req = urllib.request.Request(f"{base}/api/{endpoint}", data=body.encode(), headers={"Content-Type": ct, "Accept": "application/json"})
        t = time.perf_counter()
        try:
            with hr.open(req) as r:
                data = r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            data, status = e.read(), e.code
        return status, data, (time.perf_counter() - t) * 1000

    people = [int(x) for x in sql(["SELECT id FROM people WHERE status = '在职' ORDER BY id"]).split()]
    rnd = random.Random(7)
    cases = [
        ("vacancy view (every 部室)", lambda: ("post_vacancies", "")),
        ("post list, page 1", lambda: ("post_list", form({"query": {"unit_id": 0, "q": "", "vacant_only": False, "page": 1}}), FORM)),
        ("a person's posts and history", lambda: ("person_posts", f"person_id={rnd.choice(people)}")),
        ("probation list (60 days)", lambda: ("probation_list", "from=&days=60")),
    ]
    for name, make in cases:
        times = []
        for _ in range(args.runs):
            call = make()
            s, b, ms = post(*call)
            if s != 200:
                sys.exit(f"{name}: {s} {b[:300]}")
            times.append(ms)
        print(f"{name:32s} p50 {statistics.median(times):6.1f} ms   p99 {pct(times, 99):6.1f} ms")

    # A 首聘 campaign of 5,000: 50 posts of 100 seats at 科员 level.
    n = args.campaign
    per_post = 100
    units = sql(["SELECT id FROM org_units WHERE parent_id IS NOT NULL ORDER BY id"]).split()
    stamp = int(time.time())
    post_ids = []
    for i in range((n + per_post - 1) // per_post):
        form = {"id": 0, "unit_id": int(units[i % len(units)]), "name": f"综合岗{stamp % 100000}-{i}", "category": "管理岗位", "grade": "九级",
                "leader_level": "", "seats": per_post, "duties": ""}
        s, b, _ = post("post_save", form({"input": form}), FORM)
        if s != 200:
            sys.exit(f"post_save: {s} {b[:300]}")
        post_ids.append(int(b))
    s, b, _ = post("campaign_save", form({"input": {"id": 0, "name": f"压力测试首聘 {stamp}", "kind": "首聘", "doc_no": f"测试〔{stamp}〕1号",
                                                    "decided_by": "中心党委会", "effective_date": time.strftime("%Y-%m-%d"), "notes": ""}}), FORM)
    if s != 200:
        sys.exit(f"campaign_save: {s} {b[:300]}")
    cid = int(b)
    chosen = [int(x) for x in sql([f"SELECT id FROM people WHERE status = '在职' AND level = '科员' ORDER BY id LIMIT {n}"]).split()]
    if len(chosen) < n:
        sys.exit(f"only {len(chosen)} active 科员")
    s, b, ms = post("campaign_pick", form({"input": {"campaign_id": cid, "unit_id": 0, "level": "", "person_ids": chosen, "without_post": False}}), FORM)
    if s != 200 or int(b) != n:
        sys.exit(f"campaign_pick: {s} {b[:300]}")
    items = [[p, post_ids[i // per_post]] for i, p in enumerate(chosen)]
    s, b, ms_assign = post("campaign_assign", form({"input": {"campaign_id": cid, "items": items}}), FORM)
    if s != 200:
        sys.exit(f"campaign_assign: {s} {b[:300]}")
    before = int(sql(["SELECT COUNT(*) FROM appointments"]).strip())
    s, b, ms_preview = post("campaign_get", f"id={cid}")
    if s != 200:
        sys.exit(f"campaign_get: {s} {b[:300]}")
    conflicts = len(json.loads(b)["conflicts"])
    s, b, ms_commit = post("campaign_commit", f"id={cid}")
    if s != 200:
        sys.exit(f"campaign_commit: {s} {b[:300]}")
    after = int(sql(["SELECT COUNT(*) FROM appointments"]).strip())
    with_doc = int(sql([f"SELECT COUNT(*) FROM appointments WHERE campaign_id = {cid} AND doc_no = '测试〔{stamp}〕1号'"]).strip())
    filled = sql([f"SELECT SUM(filled) FROM posts WHERE id IN ({','.join(map(str, post_ids))})"]).strip()
    print(f"campaign of {n}: assign {ms_assign:.0f} ms, preview {ms_preview:.0f} ms ({conflicts} conflicts), commit {ms_commit:.0f} ms; "
          f"appointments +{after - before}, with the 文号 {with_doc}, seats filled {filled}")
    if after - before != n or with_doc != n:
        sys.exit("the campaign did not write one record per person")
