"""Start `yucai serve` on a free port and log in as HR: shared by the benchmarks."""
import contextlib, http.cookiejar, socket, subprocess, time, urllib.request


@contextlib.contextmanager
def serve_as_hr(binary, env, log=None):
    """Yields (base URL, an opener carrying HR's session cookie); stops the server after."""
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    out = open(log, "w") if log else subprocess.DEVNULL
    server = subprocess.Popen([binary, "serve", "--addr", f"127.0.0.1:{port}"], env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1); break
            except Exception:
                time.sleep(0.1)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.open(urllib.request.Request(base + "/api/login", data=b"username=hr&password=demo12345"))
        yield base, opener
    finally:
        server.terminate()
        server.wait()
