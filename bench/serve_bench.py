"""What a browser does to ``shequ serve``: every tab holds up to six keep-alive connections.

    .venv/bin/python bench/serve_bench.py [--clients 4] [--seconds 20] [--port 8110]
        [--serve-args "--threads 2"] [--granian "--blocking-threads 2 --backpressure 2"]

Builds ``bench/out/serve/`` once (``demo --scale small --with-cases``), starts the real
``shequ serve`` (or, with ``--granian``, granian itself with those options, to compare
settings), then measures two things:

- idle: ``--clients`` clients each open 6 connections, make one request on each and keep
  them open and idle; then one more request on a new connection. Under the old settings
  (granian admitting as many connections as threads) it waited for an idle connection's
  30 s timeout.
- browser: ``--clients`` signed-in users (district, street, community, grid…), each with 6
  keep-alive connections; each loads a page of its menu on the next connection, its
  stylesheets and scripts the first time, waits 0.2–1 s, and again, for ``--seconds``.
  Reports page-load latency and the pages over 2 s.
Writes ``bench/out/serve_bench.json``.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import benchlib

sys.path.insert(0, str(benchlib.ROOT / "src"))
from shequ.testing.server import Server, env_for, shequ  # noqa: E402

HOME = benchlib.OUT / "serve"
ROLES = ["district_admin", "street_admin", "community_staff", "grid_worker", "supervisor",
         "unit_liaison", "party_member", "resident"]
PASSWORD = "Shequ@2026demo"  # noqa: S105 - the demo accounts' published password
SLOW_MS = 2000


def build() -> dict[str, str]:
    HOME.mkdir(parents=True, exist_ok=True)
    env = env_for(HOME)
    if not (HOME / "shequ.sqlite3").exists():
        print("building the small demo into", HOME, flush=True)
        shequ(env, "migrate", "--noinput", "-v", "0")
        shequ(env, "demo", "--scale", "small", "--with-cases")
    else:
        shequ(env, "migrate", "--noinput", "-v", "0")
    return env


class Tab:
    """One signed-in browser tab: six keep-alive connections and a cookie jar."""

    def __init__(self, port: int, username: str, connections: int = 6):
        self.port = port
        self.conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                      for _ in range(connections)]
        self.cookies: dict[str, str] = {}
        self.next = 0
        self.username = username

    def _conn(self) -> http.client.HTTPConnection:
        c = self.conns[self.next % len(self.conns)]
        self.next += 1
        return c

    def request(self, method, path, body=None, conn=None) -> tuple[int, bytes, float]:
        conn = conn or self._conn()
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/login/"
        t = time.perf_counter()
        for attempt in (0, 1):
            try:
                conn.request(method, path, body, headers)
                resp = conn.getresponse()
                data = resp.read()
                break
            except (OSError, http.client.HTTPException):
                conn.close()  # closed by the server while idle: reconnect, as a browser does
                if attempt:
                    raise
        ms = (time.perf_counter() - t) * 1000
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _eq, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, data, ms

    def login(self) -> list[str]:
        _s, page, _ms = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _d, _ms = self.request("POST", "/login/", {
            "csrfmiddlewaretoken": token.decode(), "username": self.username,
            "password": PASSWORD})
        assert status == 302, f"{self.username}: sign-in answered {status}"
        _s, home, _ms = self.request("GET", "/")
        nav = re.search(rb'<nav class="mainnav".*?</nav>', home, re.S)
        links = re.findall(rb'href="(/[^"]*)"', nav.group(0)) if nav else []
        return sorted({x.decode() for x in links} | {"/"})

    def warm(self) -> None:
        """One request on every connection, so the server holds all six open."""
        for c in self.conns:
            self.request("GET", "/static/vendor/VERSIONS.txt", conn=c)


def idle(port: int, clients: int) -> dict:
    tabs = []
    for _ in range(clients):
        tab = Tab(port, "anonymous")
        threads = [threading.Thread(target=tab.request, args=("GET", "/static/vendor/VERSIONS.txt"),
                                    kwargs={"conn": c}) for c in tab.conns]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        tabs.append(tab)
    t = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(b"GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        first = s.recv(64)
    ms = (time.perf_counter() - t) * 1000
    for tab in tabs:
        for c in tab.conns:
            c.close()
    print(f"idle: {clients}×6 idle keep-alive connections held, one more request answered "
          f"{first[:15]!r} in {ms:.0f} ms")
    return {"held": clients * 6, "next_request_ms": round(ms, 1)}


def browse(port: int, clients: int, seconds: float) -> dict:
    lat: list[float] = []
    slow: list[tuple[float, str, str]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        rng = random.Random(i)
        tab = Tab(port, ROLES[i % len(ROLES)])
        pages = tab.login()
        tab.warm()
        stop = time.monotonic() + seconds
        seen_assets: set[str] = set()
        while time.monotonic() < stop:
            path = rng.choice(pages)
            t = time.perf_counter()
            status, body, _ms = tab.request("GET", path)
            assets = [a.decode() for a in re.findall(rb'(?:href|src)="(/static/[^"]+)"', body)
                      if a.decode() not in seen_assets]
            fetchers = [threading.Thread(target=tab.request, args=("GET", a),
                                         kwargs={"conn": tab._conn()}) for a in assets]
            for f in fetchers:
                f.start()
            for f in fetchers:
                f.join()
            seen_assets.update(assets)
            ms = (time.perf_counter() - t) * 1000
            with lock:
                lat.append(ms)
                if status >= 400:
                    errors.append(f"{tab.username} {path} {status}")
                if ms > SLOW_MS:
                    slow.append((round(ms), tab.username, path))
            time.sleep(rng.uniform(0.2, 1.0))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    s = benchlib.summary(lat)
    print(f"browser: {clients} users × 6 connections, {s['n']} page loads in {wall:.0f} s: "
          f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, max {s['max_ms']} ms; "
          f"{len(slow)} over {SLOW_MS} ms; {len(errors)} errors")
    for row in sorted(slow, reverse=True)[:10]:
        print("  slow", *row)
    for e in errors[:10]:
        print("  error", e)
    return {"latency": s, "over_2s": len(slow), "slowest": sorted(slow, reverse=True)[:10],
            "errors": errors[:20]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--port", type=int, default=8110)
    ap.add_argument("--serve-args", default="", help="extra options of shequ serve")
    ap.add_argument("--granian", default=None,
                    help="run granian WSGI with these options instead of shequ serve")
    ap.add_argument("--scenario", action="append", choices=["idle", "browser"])
    args = ap.parse_args()
    env = build()
    if args.granian is None:
        server = Server(env, port=args.port, args=shlex.split(args.serve_args)).start()
        label = f"shequ serve {args.serve_args}".strip()
    else:
        (HOME / "var" / "static").mkdir(parents=True, exist_ok=True)
        shequ(env, "collectstatic", "--noinput", "-v", "0")
        server = Server(env, port=args.port)
        server.process = subprocess.Popen(  # noqa: S603 - this venv's granian, given options
            [sys.executable, "-m", "granian", "--interface", "wsgi", "--no-ws",
             "--log-level", "warning", "--port", str(args.port),
             *shlex.split(args.granian), "shequ.wsgi:application"], env=env)
        time.sleep(4)
        label = f"granian {args.granian}"
    result = {"server": label, "clients": args.clients}
    try:
        for scenario in args.scenario or ["idle", "browser"]:
            if scenario == "idle":
                result["idle"] = idle(args.port, args.clients)
            else:
                result["browser"] = browse(args.port, args.clients, args.seconds)
    finally:
        server.stop()
    print("written", benchlib.write_json("serve_bench", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
