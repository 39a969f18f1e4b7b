"""A real ``shequ serve`` in a child process, for the end-to-end tests and the benchmarks:
the same command an office runs (granian, the task worker, the settings named), not
Django's live server.

Ports: ``free_port()`` asks the OS, or takes the first free one of ``SHEQU_TEST_PORTS``
(``8100-8149``) when a machine reserves a range for a person or a CI job.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from shequ.core import workers

SRC = Path(__file__).resolve().parents[2]


def free_port() -> int:
    spec = os.environ.get("SHEQU_TEST_PORTS", "")
    if spec:
        lo, _sep, hi = spec.partition("-")
        candidates = range(int(lo), int(hi or lo) + 1)
    else:
        candidates = [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in {spec}")


def env_for(home: Path, *, database_url: str | None = None,
            settings: str = "shequ.settings.dev", **extra: str) -> dict[str, str]:
    """The environment of a child ``shequ`` process with its own ``SHEQU_HOME`` (and
    SQLite file under it unless ``database_url`` is given)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SHEQU_") or k in ("SHEQU_TEST_PORTS", "SHEQU_CHROMIUM")}
    env.update({
        "DJANGO_SETTINGS_MODULE": settings,
        "SHEQU_HOME": str(home),
        "SHEQU_DATABASE_URL": database_url or f"sqlite:///{home / 'shequ.sqlite3'}",
        "SHEQU_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        **extra,
    })
    return env


def shequ(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run one ``shequ`` command to completion (raises on a non-zero exit)."""
    return subprocess.run([sys.executable, "-m", "shequ.cli", *args],  # noqa: S603
                          env=env, check=True, capture_output=True, text=True, **kwargs)


class Server:
    """``shequ serve`` on 127.0.0.1:``port``; a context manager that waits until the server
    answers and stops it (and its worker) afterwards. Its output goes to ``log``."""

    def __init__(self, env: dict[str, str], *, port: int | None = None, args=(),
                 log: Path | None = None):
        self.env = env
        self.port = port or free_port()
        self.args = list(args)
        self.log = log or Path(env["SHEQU_HOME"]) / f"serve-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        out = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed command
            [sys.executable, "-m", "shequ.cli", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), *self.args],
            env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            # killed with its starter (a test or bench run that dies): no orphan server
            preexec_fn=workers.dies_with_parent())
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"shequ serve exited: {self.output()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/login/")
                conn.getresponse().read()
                conn.close()
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"shequ serve did not answer within {timeout} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
