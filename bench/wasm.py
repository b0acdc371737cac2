#!/usr/bin/env python3
"""What the browser code weighs and where it comes from (no tools to install).

Usage (from the repository root):
    python3 bench/wasm.py breakdown [FILE] [--grep REGEX]
        Functions and read-only data of a wasm file, functions grouped by crate (application code
        by page). FILE defaults to the split build's main module before wasm-bindgen and wasm-opt
        (it still has its function names):
        $CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/app_split.wasm.
        --grep lists the largest functions whose (demangled) name matches.
    python3 bench/wasm.py floor [--keep /login,/]
        The framework's floor: builds the browser code of an application that has only the routes
        named (every other page removed, no route split) in a scratch worktree of HEAD, optimises
        it as the release build does (wasm-bindgen, wasm-opt -Oz) and prints its size, raw and
        brotli. No page of the real site can load less than this.
"""
import argparse, collections, os, re, shutil, subprocess, sys, tempfile

TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/yucai/target"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def parse(path):
    """(function body sizes, {function index: name}, imported function count, data bytes)."""
    b = open(path, "rb").read()
    i, imports, bodies, names, data = 8, 0, [], {}, 0
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        end = i + n
        if sid == 2:  # imports: count the functions (they come first in the index space)
            c, j = leb(b, i)
            for _ in range(c):
                for _ in range(2):
                    ln, j = leb(b, j)
                    j += ln
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imports += 1
                elif kind == 1:
                    flags = b[j + 1]
                    _, j = leb(b, j + 2)
                    j = leb(b, j)[1] if flags & 1 else j
                elif kind == 2:
                    flags = b[j]
                    _, j = leb(b, j + 1)
                    j = leb(b, j)[1] if flags & 1 else j
                else:
                    j += 2
        elif sid == 10:
            c, j = leb(b, i)
            for _ in range(c):
                size, k = leb(b, j)
                bodies.append(size + k - j)
                j = k + size
        elif sid == 11:
            data += n
        elif sid == 0:
            ln, j = leb(b, i)
            if b[j:j + ln] == b"name":
                j += ln
                while j < end:
                    sub = b[j]
                    sl, j = leb(b, j + 1)
                    if sub == 1:
                        c, k = leb(b, j)
                        for _ in range(c):
                            idx, k = leb(b, k)
                            ln2, k = leb(b, k)
                            names[idx] = b[k:k + ln2].decode("utf8", "replace")
                            k += ln2
                    j += sl
        i = end
    return bodies, names, imports, data


ESCAPES = [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","), ("$LP$", "("),
           ("$RP$", ")"), ("$BP$", "*"), ("..", "::"), ("$u7b$", "{"), ("$u7d$", "}"), ("$u5b$", "["),
           ("$u5d$", "]"), ("$u27$", "'"), ("$u3b$", ";"), ("$u2b$", "+"), ("$u21$", "!"), ("$u3d$", "=")]


def demangle(s):
    """Rust's legacy symbol mangling, enough to read crate paths."""
    if not s.startswith("_ZN"):
        return s
    i, parts = 3, []
    while i < len(s) and s[i].isdigit():
        j = i
        while s[j].isdigit():
            j += 1
        ln = int(s[i:j])
        parts.append(s[j:j + ln])
        i = j + ln
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    t = "::".join(parts)
    for a, b in ESCAPES:
        t = t.replace(a, b)
    return t.lstrip("_")


def group(name):
    m = re.search(r"app::pages::(\w+)", name)
    if m:
        return "app page " + m.group(1)
    m = re.search(r"app::(\w+)", name)
    if m:
        return "app " + m.group(1)
    if name.startswith("core::ptr::drop_in_place"):
        return "drop_in_place (all crates)"
    m = re.match(r"<*&?(?:mut )?(?:dyn )?([a-z_][a-z0-9_]*)::", name)
    return m.group(1) if m else "(closures and unnamed)"


def breakdown(path, pattern, top):
    bodies, names, imports, data = parse(path)
    funcs = [(size, demangle(names.get(imports + k, "?"))) for k, size in enumerate(bodies)]
    total = sum(bodies)
    print(f"{path}\nfunctions: {total / 1024:.0f} KB in {len(bodies)}; read-only data: {data / 1024:.0f} KB")
    if not names:
        print("(no name section: pass the file from before wasm-opt)")
        return
    by = collections.Counter()
    for size, name in funcs:
        by[group(name)] += size
    for g, size in by.most_common(top):
        print(f"{size / 1024:9.1f} KB {100 * size / total:5.1f}%  {g}")
    if pattern:
        sel = sorted(((s, n) for s, n in funcs if re.search(pattern, n)), reverse=True)
        print(f"\n{len(sel)} functions match {pattern!r}: {sum(s for s, _ in sel) / 1024:.1f} KB")
        for s, n in sel[:40]:
            print(f"{s:8} {n[:200]}")


def brotli_size(path):
    node = shutil.which("node")
    if not node:
        return None
    js = ("const z=require('zlib');const b=require('fs').readFileSync(process.argv[1]);"
          "console.log(z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length)")
    return int(subprocess.run([node, "-e", js, path], capture_output=True, text=True, check=True).stdout)


def floor(keep):
    work = tempfile.mkdtemp(prefix="yucai-floor-")
    tree = os.path.join(work, "tree")
    subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", "-q", tree, "HEAD"], check=True)
    try:
        lib = os.path.join(tree, "app", "src", "lib.rs")
        src = open(lib).read()
        src = re.sub(r"\nlazy_page!\([^\n]*\);", "", src)
        kept = []
        lines = []
        for line in src.split("\n"):
            m = re.search(r'<Route path=path!\("([^"]*)"\)', line)
            if m and m.group(1) not in keep:
                continue
            if m:
                kept.append(m.group(1))
            lines.append(line)
        src = "\n".join(lines).replace("use leptos_router::{lazy_route, Lazy, LazyRoute};", "")
        if any("Lazy::<" in line for line in lines):
            sys.exit("a kept route is a lazy route: keep only routes in the main file")
        open(lib, "w").write(src)
        print("routes kept:", ", ".join(kept))
        env = dict(os.environ, CARGO_TARGET_DIR=TARGET)
        subprocess.run(["cargo", "build", "-p", "app", "--lib", "--target", "wasm32-unknown-unknown", "--profile",
                        "wasm-release", "--no-default-features", "--features", "hydrate"], cwd=tree, env=env, check=True)
        raw = os.path.join(TARGET, "wasm32-unknown-unknown", "wasm-release", "app.wasm")
        out = os.path.join(work, "pkg")
        subprocess.run(["wasm-bindgen", "--target", "web", "--no-typescript", "--out-dir", out, raw], check=True)
        opt = os.path.join(work, "floor.wasm")
        wasm_opt = os.environ.get("YUCAI_WASM_OPT", os.path.expanduser("~/.cache/yucai/tools/node_modules/.bin/wasm-opt"))
        subprocess.run([wasm_opt, "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
                        "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types",
                        os.path.join(out, "app_bg.wasm"), "-o", opt], check=True)
        breakdown(raw, None, 12)
        br = brotli_size(opt)
        print(f"\nfloor with {', '.join(kept)}: {os.path.getsize(opt) / 1024:.0f} KB raw"
              + (f", {br / 1024:.0f} KB brotli" if br else ""))
    finally:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", tree], check=False)
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("breakdown")
    b.add_argument("file", nargs="?",
                   default=os.path.join(TARGET, "front", "wasm32-unknown-unknown", "wasm-release", "app_split.wasm"))
    b.add_argument("--grep")
    b.add_argument("--top", type=int, default=25)
    f = sub.add_parser("floor")
    f.add_argument("--keep", default="/login,/")
    args = ap.parse_args()
    if args.cmd == "breakdown":
        breakdown(args.file, args.grep, args.top)
    else:
        floor(set(args.keep.split(",")))


if __name__ == "__main__":
    main()
