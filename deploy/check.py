#!/usr/bin/env python3
"""The deployment files, tried for real: nginx with deploy/nginx/yucai.conf (TLS with a self-signed
certificate, HTTP/2) in front of two Yucai instances on one PostgreSQL database.

Usage (from the repository root, after `make build`; run by `make test`):
    python3 deploy/check.py [--bin PATH] [--site target/site] [--pg postgres://yucai:yucai@127.0.0.1:5432]

Installs Debian's nginx (and its brotli module when the registry has it) when missing, as root.
Checks: HTTPS over HTTP/2; a login through the proxy, with the browser's address (not nginx's) in
the audit log; /pkg/ files served by nginx itself, hashed names immutable, brotli or gzip; /metrics
not reachable through the proxy, readable on the instance's own listener from an allowed address,
refused from another, and parsed by prometheus_client's parser; with PostgreSQL stopped, /readyz
answers 503 within a second and /healthz 200, and a page through nginx is the plain 503 (nginx tries
the other instance first: both need the database).

The helpers (`Deployment`) are shared with bench/drills.py's rolling-restart drill.
"""
import argparse, http.client, json, os, re, shutil, signal, socket, ssl, subprocess, sys, tempfile, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/yucai/target"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def have(cmd):
    return shutil.which(cmd) is not None


def ensure_nginx():
    """Debian's nginx, with the brotli module when the registry offers it (as root)."""
    if not have("nginx") and not os.path.exists("/usr/sbin/nginx"):
        if os.geteuid() != 0:
            sys.exit("nginx is required: apt-get install nginx")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if not os.path.exists("/usr/share/nginx/modules-available/mod-http-brotli-static.conf") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "libnginx-mod-http-brotli-static"],
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), capture_output=True)
    return "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else shutil.which("nginx")


def brotli_module():
    """The load_module line of Debian's brotli_static module, when installed."""
    for path in ("/usr/share/nginx/modules-available/mod-http-brotli-static.conf",):
        if os.path.exists(path):
            # Its path is relative to nginx's own prefix; this run's prefix is its folder.
            return open(path).read().replace(" modules/", " /usr/lib/nginx/modules/")
    return ""


def pg_service(action):
    """Stop or start the local PostgreSQL cluster(s) (as root)."""
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        v, c = line.split()[:2]
        subprocess.run(["pg_ctlcluster", v, c, action], check=True)


class Deployment:
    """nginx (TLS, HTTP/2) in front of two `yucai serve` instances on a fresh PostgreSQL database."""

    def __init__(self, bin_path, site, pg, name, secret_key=None):
        self.bin, self.site, self.pg, self.name = bin_path, os.path.abspath(site), pg, name
        self.secret_key = secret_key
        self.dir = tempfile.mkdtemp(prefix="yucai-deploy-")
        self.db_url = f"{pg}/{name}"
        self.https_port, self.http_port = free_port(), free_port()
        self.ports = [free_port(), free_port()]
        self.metrics_ports = [free_port(), free_port()]
        self.procs = [None, None]
        self.logs = [os.path.join(self.dir, f"yucai-{i}.log") for i in range(2)]
        self.nginx_proc = None

    # ---- the database and the instances ----

    def psql(self, sql, db="postgres"):
        return subprocess.run(["psql", f"{self.pg}/{db}", "-qtAc", sql], capture_output=True, text=True, check=True).stdout.strip()

    def create_db(self):
        self.psql(f"DROP DATABASE IF EXISTS {self.name}")
        self.psql(f"CREATE DATABASE {self.name}")

    def env(self):
        env = dict(os.environ, DATABASE_URL=self.db_url, YUCAI_SECRET_KEY_FILE=os.path.join(self.dir, "secret.key"),
                   RUST_LOG="info", YUCAI_LOG_FORMAT="json")
        if self.secret_key:
            env["YUCAI_SECRET_KEY"] = self.secret_key
        return env

    def start(self, i, demo=False):
        args = [self.bin, "serve", "--addr", f"127.0.0.1:{self.ports[i]}", "--site-root", self.site, "--trust-proxy", "--proxy-hops", "1",
                "--secure-cookies", "--metrics-addr", f"127.0.0.1:{self.metrics_ports[i]}", "--shutdown-grace", "20"]
        if demo:
            args.append("--demo")
        self.procs[i] = subprocess.Popen(args, env=self.env(), stdout=open(self.logs[i], "a"), stderr=subprocess.STDOUT)
        self.wait_ready(i)

    def wait_ready(self, i, timeout=180):
        end = time.time() + timeout
        while time.time() < end:
            if self.procs[i].poll() is not None:
                sys.exit(f"instance {i} exited: see {self.logs[i]}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.ports[i], timeout=2)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit(f"instance {i} not ready after {timeout} s")

    def stop(self, i, sig=signal.SIGTERM):
        p = self.procs[i]
        if p and p.poll() is None:
            p.send_signal(sig)
            return p.wait(timeout=60)
        return None

    # ---- nginx ----

    def nginx_conf(self):
        """deploy/nginx/yucai.conf with this run's ports, certificate and site folder, inside a
        minimal main configuration of its own (temporary files in the run's folder)."""
        site = open(os.path.join(ROOT, "deploy", "nginx", "yucai.conf")).read()
        site = site.replace("server 127.0.0.1:3001", f"server 127.0.0.1:{self.ports[0]}")
        site = site.replace("server 127.0.0.1:3002", f"server 127.0.0.1:{self.ports[1]}")
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;").replace("listen [::]:443 ssl http2;", "")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.http_port};").replace("listen [::]:80;", "")
        site = site.replace("yucai.example.gov.cn", "localhost")
        site = site.replace("/etc/ssl/yucai/fullchain.pem", os.path.join(self.dir, "cert.pem"))
        site = site.replace("/etc/ssl/yucai/privkey.pem", os.path.join(self.dir, "key.pem"))
        site = site.replace("/opt/yucai/site/pkg/", self.site.rstrip("/") + "/pkg/")
        if not brotli_module():
            site = "\n".join(l for l in site.splitlines() if "brotli_static" not in l)
        d = self.dir
        return f"""{brotli_module()}
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {d}/nginx-access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
{site}
}}
"""

    def start_nginx(self):
        nginx = ensure_nginx()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                        "-keyout", os.path.join(self.dir, "key.pem"), "-out", os.path.join(self.dir, "cert.pem")],
                       check=True, capture_output=True)
        conf = os.path.join(self.dir, "nginx.conf")
        open(conf, "w").write(self.nginx_conf())
        t = subprocess.run([nginx, "-t", "-c", conf, "-p", self.dir], capture_output=True, text=True)
        if t.returncode != 0:
            sys.exit(f"nginx -t failed:\n{t.stderr}")
        self.nginx_proc = subprocess.Popen([nginx, "-c", conf, "-p", self.dir, "-g", "daemon off;"])
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        sys.exit("nginx did not start")

    def close(self):
        for i in range(2):
            self.stop(i, signal.SIGKILL)
        if self.nginx_proc:
            self.nginx_proc.terminate()
            self.nginx_proc.wait(timeout=10)
        try:
            self.psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        except subprocess.CalledProcessError:
            pass

    # ---- clients ----

    def https(self, source="127.0.0.2"):
        """An HTTPS connection to nginx from `source` (a loopback address of its own, so the
        browser's address differs from nginx's 127.0.0.1 towards the instances)."""
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return http.client.HTTPSConnection("127.0.0.1", self.https_port, context=ctx, timeout=30, source_address=(source, 0))

    def curl(self, *args):
        return subprocess.run(["curl", "-sk", "--interface", "127.0.0.2", *args], capture_output=True, text=True)

    @property
    def base(self):
        return f"https://127.0.0.1:{self.https_port}"


def request(conn, method, path, body=None, cookie=None, headers=None):
    h = dict(headers or {})
    if cookie:
        h["Cookie"] = cookie
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()


def login(dep, user="hr"):
    conn = dep.https()
    status, headers, _ = request(conn, "POST", "/api/login", {"username": user, "password": "demo12345"})
    assert status == 200, f"login through the proxy: {status}"
    cookie = headers["set-cookie"].split(";")[0]
    return conn, cookie


def check(args):
    failures = []

    def expect(ok, what):
        print(("  ok    " if ok else "  FAIL  ") + what, flush=True)
        if not ok:
            failures.append(what)

    dep = Deployment(args.bin, args.site, args.pg, f"yucai_deploy_{os.getpid()}")
    try:
        dep.create_db()
        dep.start(0, demo=True)
        dep.start(1)
        dep.start_nginx()
        print(f"nginx https://127.0.0.1:{dep.https_port} → instances {dep.ports}")

        v = dep.curl("--http2", "-o", "/dev/null", "-w", "%{http_version}", f"{dep.base}/login").stdout.strip()
        expect(v == "2", f"HTTPS over HTTP/2 (curl says HTTP/{v})")
        v = dep.curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", f"http://127.0.0.1:{dep.http_port}/login").stdout
        expect(v.startswith("301 https://"), f"plain HTTP is sent to HTTPS ({v})")

        conn, cookie = login(dep)
        status, headers, body = request(conn, "GET", "/", cookie=cookie)
        expect(status == 200 and "退出".encode() in body, "a login through the proxy opens the home page")
        expect("x-request-id" in headers, "the answer names its request id")
        ip = dep.psql("SELECT ip FROM audit_log WHERE entity = 'login' AND action = 'success' ORDER BY seq DESC LIMIT 1", dep.name)
        expect(ip == "127.0.0.2", f"the audit log has the browser's address, not nginx's ({ip!r})")

        # The browser files: from nginx itself (no request id: Yucai never saw the request).
        html = body.decode()
        css = re.search(r'href="(/pkg/yucai\.[^"]+\.css)"', html)
        loader = re.findall(r"'(/pkg/yucai\.[^']+\.(?:js|wasm))'", html)
        files = ([css.group(1)] if css else []) + loader
        expect(len(files) == 3, f"the page names the stylesheet and the islands' files ({files})")
        for f in files:
            status, headers, _ = request(conn, "GET", f, headers={"Accept-Encoding": "br, gzip"})
            expect(status == 200 and headers.get("cache-control") == "public, max-age=31536000, immutable"
                   and headers.get("content-encoding") in ("br", "gzip") and "x-request-id" not in headers,
                   f"{f}: served by nginx, immutable, {headers.get('content-encoding')}")

        status, _, _ = request(conn, "GET", "/metrics", cookie=cookie)
        expect(status == 404, f"/metrics is not reachable through the proxy ({status})")
        text = http_get(f"http://127.0.0.1:{dep.metrics_ports[0]}/metrics")
        try:
            from prometheus_client.parser import text_string_to_metric_families
            names = {f.name for f in text_string_to_metric_families(text)}
            expect({"yucai_http_requests", "yucai_http_request_duration_seconds", "yucai_db_connections"} <= names,
                   f"/metrics parses (prometheus_client) and has the request, latency and pool metrics")
        except ImportError:
            expect(False, "prometheus_client is installed (pip install prometheus_client)")
        refused = dep.curl("-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{dep.metrics_ports[0]}/metrics").stdout
        expect(refused == "403", f"/metrics from an address not allowed is refused ({refused})")

        # The request id nginx gives a request is on the instance's log lines for it.
        status, headers, _ = request(conn, "POST", "/api/login", {"nothing": "1"})
        rid = headers.get("x-request-id", "")
        time.sleep(0.5)
        lines = [json.loads(l) for i in range(2) for l in open(dep.logs[i]) if rid and rid in l and l.startswith("{")]
        expect(len(lines) >= 2 and all(l.get("span", {}).get("request_id") == rid for l in lines),
               f"nginx's request id is on every log line of the request ({len(lines)} lines)")

        if os.geteuid() == 0:
            pg_service("stop")
            try:
                t = time.time()
                s, _ = http_status(f"http://127.0.0.1:{dep.ports[0]}/readyz")
                took = time.time() - t
                expect(s == 503 and took <= 1.2, f"PostgreSQL stopped: /readyz {s} in {took:.2f} s")
                s, _ = http_status(f"http://127.0.0.1:{dep.ports[0]}/healthz")
                expect(s == 200, f"PostgreSQL stopped: /healthz {s}")
                status, _, body = request(dep.https(), "GET", "/", cookie=cookie)
                expect(status == 503, f"PostgreSQL stopped: a page through nginx is a plain 503 ({status})")
            finally:
                pg_service("start")
            dep.wait_ready(0, timeout=60)
            expect(True, "PostgreSQL back: ready again")
        else:
            print("  skip  PostgreSQL stop (needs root)")
    finally:
        dep.close()
    if failures:
        sys.exit(f"{len(failures)} deployment check(s) failed")
    print("deployment checks passed")


def http_get(url):
    s, body = http_status(url)
    assert s == 200, f"{url}: {s}"
    return body


def http_status(url):
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    c.request("GET", u.path)
    r = c.getresponse()
    return r.status, r.read().decode("utf-8", "replace")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(TARGET, "release", "yucai"))
    ap.add_argument("--site", default=os.path.join(ROOT, "target", "site"))
    ap.add_argument("--pg", default=os.environ.get("PG_TEST_URL", "postgres://yucai:yucai@127.0.0.1:5432"))
    check(ap.parse_args())
