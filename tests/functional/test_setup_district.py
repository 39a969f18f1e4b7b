"""Issue 11's acceptance: scripts/setup-district.sh takes an empty database to a working
district through the command line alone (territory, party organisations, units, party
members, staff accounts, a roster — the sample workbooks under tests/data/setup/), then a
grid worker from accounts.xlsx signs in, changes the one-time password, takes an API token
and sees exactly their grid. Runs on SQLite, and on PostgreSQL when SHEQU_DATABASE_URL
names a server (a database of its own, dropped afterwards)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from shequ.testing.server import Server, env_for

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "setup-district.sh"
DATA = ROOT / "tests" / "data" / "setup"
ADMIN_PASSWORD = "Admin-pass-2026!x"  # noqa: S105 - a throw-away test database



def _database_url(home: Path):
    base = os.environ.get("SHEQU_DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield None
        return
    import psycopg

    name = "shequ_setup_script_" + str(os.getpid())
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    home = tmp_path_factory.mktemp("district")
    gen = _database_url(home)
    url = next(gen)
    env = env_for(home, database_url=url, SHEQU=f"{sys.executable} -m shequ.cli",
                  ADMIN_PASSWORD=ADMIN_PASSWORD)
    out = home / "out"
    run = subprocess.run(["bash", str(SCRIPT), str(DATA), str(out)], env=env, cwd=ROOT,  # noqa: S603,S607
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:] + run.stdout[-3000:]
    yield env, out, run.stdout
    next(gen, None)


def _lines(stdout: str, prefix: str) -> list[str]:
    return [ln for ln in stdout.splitlines() if ln.startswith(prefix)]


def test_the_script_imports_every_workbook_and_reports_each(district):
    _env, out, stdout = district
    summaries = _lines(stdout, "imported:")
    # territory, party-orgs, units, party-members, accounts, then the roster
    assert summaries[:5] == [
        "imported: 34 new, 0 updated, 0 unchanged, 1 rejected (of 35 rows)",
        "imported: 40 new, 0 updated, 0 unchanged, 2 rejected (of 42 rows)",
        "imported: 15 new, 0 updated, 0 unchanged, 1 rejected (of 16 rows)",
        "imported: 43 new, 0 updated, 0 unchanged, 17 rejected (of 60 rows)",
        "imported: 47 new, 0 updated, 0 unchanged, 3 rejected (of 50 rows)",
    ]
    assert len(summaries) == 6 and " 0 new" not in summaries[5]
    # the one-time passwords are handed over in a private workbook
    passwords = out / "passwords.xlsx"
    assert passwords.stat().st_mode & 0o777 == 0o600
    # every error workbook names the original row
    wb = openpyxl.load_workbook(out / "party-orgs-errors.xlsx")
    head = [c.value for c in next(wb.active.iter_rows(max_row=1))]
    assert head[-2:] == ["错误原因", "原行号"]
    assert sorted(r[-1] for r in wb.active.iter_rows(min_row=2, values_only=True)) == [43, 44]


def _password_of(out: Path, username: str) -> str:
    ws = openpyxl.load_workbook(out / "passwords.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    for r in rows[1:]:
        if r[head.index("用户名")] == username:
            return r[head.index("初始密码")]
    raise AssertionError(username)


class _Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, method: str, path: str, *, form=None, body=None, headers=None):
        data = None
        headers = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method,  # noqa: S310 - http to our own test server
                                     headers={"Referer": self.base + path, **headers})
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def test_a_grid_worker_signs_in_through_the_api_and_sees_exactly_their_grid(district):
    env, out, _stdout = district
    password = _password_of(out, "wg001")
    with Server(env) as server:
        c = _Client(server.url)
        # the one-time password opens no API token: it must be changed first
        status, body = c.request("POST", "/api/v1/auth/token",
                                 body={"username": "wg001", "password": password,
                                       "name": "cli"})
        assert status == 403 and "password_change_required" in body
        c.request("GET", "/login/")
        status, _ = c.request("POST", "/login/", form={
            "username": "wg001", "password": password, "csrfmiddlewaretoken": c.csrf()})
        assert status == 200
        new = "Grid-worker-own-2026"
        c.request("GET", "/accounts/me/password/")
        status, page = c.request("POST", "/accounts/me/password/", form={
            "old_password": password, "new_password": new, "new_password2": new,
            "csrfmiddlewaretoken": c.csrf()})
        assert status == 200, page[:500]
        status, body = c.request("POST", "/api/v1/auth/token",
                                 body={"username": "wg001", "password": new, "name": "cli"})
        assert status == 201, body
        token = json.loads(body)["token"]
        auth = {"Authorization": f"Bearer {token}"}
        status, body = c.request("GET", "/api/v1/areas?kind=grid", headers=auth)
        assert status == 200, body
        grids = json.loads(body)["items"]
        assert [(g["code"], g["name"]) for g in grids] == [("511703001001001", "第一网格")]
        status, body = c.request("GET", "/api/v1/me", headers=auth)
        assert [g["role"] for g in json.loads(body)["grants"]] == ["grid_worker"]
        assert re.search(r'"must_change_password":\s*false', body)
