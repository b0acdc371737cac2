#!/usr/bin/env python3
"""Import of a 10,000-row workbook: the check (preview) and the import that writes.

Usage (from the repository root, after `make build`):
    python3 bench/import.py [--rows 10000] [--url sqlite:/tmp/yucai-import-bench.db | postgres://.../empty_db]

A SQLite file is recreated on every run; a PostgreSQL database must be empty. Seeds the demo
organisation (300 people), starts `yucai serve`, logs in as HR, uploads a generated workbook
(valid ID numbers, every row new) three times as a preview and once with commit, over HTTP
exactly as the browser does, and prints the times.
"""
import argparse, json, os, subprocess, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DEFAULT_BIN, serve_as_hr  # noqa: E402
from minixlsx import id_number, multipart, workbook  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--rows", type=int, default=10000)
ap.add_argument("--url", default="sqlite:/tmp/yucai-import-bench.db")
ap.add_argument("--bin", default=DEFAULT_BIN)
args = ap.parse_args()

if args.url.startswith("sqlite:"):
    path = args.url[len("sqlite:"):]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
env = dict(os.environ, DATABASE_URL=args.url, YUCAI_SECRET_KEY_FILE="/tmp/yucai-import-bench.key", RUST_LOG=os.environ.get("RUST_LOG", "warn"))
subprocess.run([args.bin, "demo"], env=env, check=True, capture_output=True)

header = ["姓名*", "身份证号*", "民族*", "政治面貌*", "入党时间", "参加工作时间*", "全日制学历", "全日制学位", "全日制毕业院校",
          "编制类别*", "部室*", "现职务", "职务层次*", "岗位类别", "联系电话", "备注"]
family = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"
units = ["办公室", "组织人事部", "财务审计部", "资产管理部", "第一职工食堂"]
rows = [header]
for i in range(args.rows):
    y, m, d = 1965 + i % 35, 1 + i % 12, 1 + i % 28
    party = i % 3 == 0
    rows.append([
        family[i % len(family)] + given[(i // 7) % len(given)] + given[(i // 3) % len(given)],
        id_number("410105", f"{y:04}{m:02}{d:02}", f"{i % 1000:03}"),
        "汉族", "中共党员" if party else "群众", f"{y + 22}-07-01" if party else "", f"{y + 22}/7/1",
        "大学本科", "学士", "郑州大学", "事业编制", units[i % len(units)], "科员", "科员", "管理岗位",
        f"138{i:08}", "",
    ])
# Birth date and sequence make the numbers unique.
seen = set()
for r in rows[1:]:
    assert r[1] not in seen, "duplicate ID in generated data"
    seen.add(r[1])
data = workbook(rows)
print(f"workbook: {args.rows} rows, {len(data) / 1e6:.2f} MB")

with serve_as_hr(args.bin, env, log="/tmp/yucai-import-bench.log") as (base, opener):
    def upload(commit):
        body, ctype = multipart({"commit": "1" if commit else "0"}, data)
        req = urllib.request.Request(base + "/api/roster_import", data=body, headers={"content-type": ctype})
        t = time.perf_counter()
        res = json.loads(opener.open(req, timeout=120).read())
        return time.perf_counter() - t, res

    for n in range(3):
        t, res = upload(False)
        assert not res["problems"], res["problems"][:5]
        print(f"check (preview) {n + 1}: {t:.2f} s  ({res['creates']} new)")
    t, res = upload(True)
    assert res["committed"] and res["creates"] == args.rows, res
    print(f"import (commit):   {t:.2f} s  ({res['creates']} written in one transaction)")
