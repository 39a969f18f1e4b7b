"""Volunteers, matching, the points bank and voting on the district demo.

Copies ``bench/out/district.sqlite3`` (built by benchlib if missing) to
``bench/out/volunteers.sqlite3``, migrates it, and adds its own data: 20,000 volunteers
(skills, availability, home coordinates from their buildings), 2,000 open needs next week,
recent assignments (fairness), 20,000 points accounts with ~500k ledger entries including
one person with five years of daily entries, and a selection with 500 voters.

Figures (targets from issue 5):
- candidates for one need (``matching.candidates``), community staff and district admin,
  p50/p95 over 200 needs — ≤ 100 ms;
- the week's 2,000 needs solved as one assignment (``matching.solve_week``) — ≤ 5 s
  (storing the proposals is timed separately);
- balance + newest 50 statement entries + year totals of the five-year account, selector
  level and ``GET /api/v1/volunteers/points/accounts/{id}`` in-process — ≤ 20 ms;
- 500 concurrent vote POSTs over HTTP (granian, 2 workers, port 8601) released together —
  every one counted exactly once; then 100 repeated votes at once — all refused.

    .venv/bin/python bench/volunteers_bench.py [--keep] [--n 200]

``--keep`` reuses bench/out/volunteers.sqlite3 if it is already built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import benchlib

DB = benchlib.OUT / "volunteers.sqlite3"
PORT = 8601
N_VOLUNTEERS = 20_000
N_NEEDS = 2_000
N_VOTERS = 500


def prepare(keep: bool) -> bool:
    """Copy and migrate the district database; True when data must be generated."""
    if keep and DB.exists():
        return False
    src = benchlib.ensure_district()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    con = __import__("sqlite3").connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copyfile(src, DB)
    benchlib.manage(DB, "migrate", "--noinput", "-v", "0")
    return True


def build(rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from shequ.registry.models import Resident
    from shequ.territory.models import Area, Building
    from shequ.volunteers.models import (
        Assignment,
        PointsAccount,
        ServiceNeed,
        Skill,
        Volunteer,
        VolunteerSkill,
    )

    t0 = time.perf_counter()
    skills = list(Skill.objects.values_list("pk", flat=True))
    homes = dict(Building.objects.values_list("pk", "lat"))
    lngs = dict(Building.objects.values_list("pk", "lng"))
    ids = list(Resident.objects.values_list("pk", "path", "household__entrance__building_id"))
    picked = rng.sample(ids, N_VOLUNTEERS)
    with transaction.atomic():
        Volunteer.objects.bulk_create([
            Volunteer(resident_id=pk, availability=rng.getrandbits(21) | (1 << rng.randrange(21)),
                      building_id=b, lat=float(homes[b]), lng=float(lngs[b]), path=path)
            for pk, path, b in picked], batch_size=2000)
        vols = list(Volunteer.objects.values_list("pk", "path"))
        VolunteerSkill.objects.bulk_create([
            VolunteerSkill(volunteer_id=v, skill_id=s, level=rng.randint(1, 3))
            for v, _p in vols for s in rng.sample(skills, rng.randint(1, 3))], batch_size=5000)
        communities = list(Area.objects.filter(kind="community").values_list("pk", "path"))
        buildings = list(Building.objects.values_list("pk", "path", "lat", "lng"))
        by_comm: dict[str, list] = {}
        for b in buildings:
            by_comm.setdefault(".".join(b[1].split(".")[:3]), []).append(b)
        monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
        needs = []
        for i in range(N_NEEDS):
            cid, cpath = rng.choice(communities)
            b = rng.choice(by_comm[cpath])
            start = timezone.make_aware(dt.datetime.combine(
                monday + dt.timedelta(days=rng.randrange(7)), dt.time(rng.choice([8, 9, 14, 15, 19]))))
            needs.append(ServiceNeed(
                title=f"需求{i}", skill_id=rng.choice(skills + [None]), starts_at=start,
                ends_at=start + dt.timedelta(hours=rng.choice([1, 2, 3])), community_id=cid,
                building_id=b[0], lat=float(b[2]), lng=float(b[3]),
                people_needed=rng.choice([1, 1, 2, 3]), checkin_token=f"bench{i}", path=b[1]))
        ServiceNeed.objects.bulk_create(needs, batch_size=1000)
        # Past work for the fairness term: 6,000 accepted assignments in the last 30 days.
        past = []
        for _i in range(6000):
            v, path = rng.choice(vols)
            start = timezone.now() - dt.timedelta(days=rng.randrange(1, 30), hours=rng.randrange(24))
            past.append((v, path, start))
        old_needs = ServiceNeed.objects.bulk_create([
            ServiceNeed(title=f"往期{i}", starts_at=s, ends_at=s + dt.timedelta(hours=2),
                        community_id=communities[0][0], path=p, state="done",
                        checkin_token=f"past{i}")
            for i, (_v, p, s) in enumerate(past)], batch_size=1000)
        Assignment.objects.bulk_create([
            Assignment(need=n, volunteer_id=v, state="accepted", starts_at=s,
                       ends_at=s + dt.timedelta(hours=2), path=p)
            for n, (v, p, s) in zip(old_needs, past, strict=True)], batch_size=1000)
    print(f"  volunteers, skills, needs, assignments: {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    owners = [pk for pk, _p, _b in picked]
    paths = {pk: path for pk, path, _b in picked}
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    with transaction.atomic():
        PointsAccount.objects.bulk_create([PointsAccount(resident_id=r, path=paths[r])
                                           for r in owners], batch_size=2000)
        accounts = list(PointsAccount.objects.values_list("pk", "path"))
        rows, balances = [], {}
        heavy = accounts[0][0]
        for acc, path in accounts:
            n = 1825 if acc == heavy else 25
            balance = 0
            for k in range(n):
                at = now - dt.timedelta(days=(n - k) * (1 if acc == heavy else 70),
                                        minutes=rng.randrange(600))
                amount = rng.choice([10, 20, 30]) if balance < 40 or rng.random() < .7 else -30
                balance += amount
                rows.append((acc, amount, "earn" if amount > 0 else "spend",
                             f"bench:{acc}:{k}", "", adapt(at), balance, path))
            balances[acc] = balance
        with connection.cursor() as cur:
            cur.executemany(
                "INSERT INTO volunteers_pointsentry (account_id, amount, kind, source, note, at,"
                " balance_after, path) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
            cur.executemany("UPDATE volunteers_pointsaccount SET balance = %s WHERE id = %s",
                            [(b, a) for a, b in balances.items()])
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"  {len(accounts)} accounts, {len(rows)} ledger entries: "
          f"{time.perf_counter() - t0:.1f} s")


def bench_user(role, area, name):
    """A user with a grant, without hashing a password (the bench never signs in)."""
    from shequ.accounts.models import User
    from shequ.accounts.services import grant_add
    from shequ.core.actors import SYSTEM

    user = User.objects.create(username=name, password="!")  # noqa: S106 - unusable
    grant_add(actor=SYSTEM, user=user, role=role, area=area)
    return user


def bench_candidates(rng, n) -> dict:
    from shequ.territory.models import Area
    from shequ.volunteers.models import ServiceNeed
    from shequ.volunteers.needs import matching

    stamp = int(time.time())
    admin = bench_user("district_admin", Area.objects.get(kind="district"),
                       f"bench-da-{stamp}")
    staff: dict[int, object] = {}
    needs = list(ServiceNeed.objects.filter(state="open", title__startswith="需求")
                 .select_related("community"))
    sample = rng.sample(needs, n)
    out = {}
    for label in ("community_staff", "district_admin"):
        times, sizes = [], []
        for need in sample:
            if label == "community_staff":
                actor = staff.get(need.community_id) or staff.setdefault(
                    need.community_id, bench_user("community_staff", need.community,
                                                  f"bench-cs-{stamp}-{need.community_id}"))
            else:
                actor = admin
            actor.scope_for("view_volunteers")  # grants cached, as within one request
            ms, found = benchlib.timed(matching.candidates, actor, need, limit=20)
            times.append(ms)
            sizes.append(len(found))
        out[label] = {**benchlib.summary(times), "mean_candidates": sum(sizes) / len(sizes)}
    return out


def bench_solve() -> dict:
    from shequ.accounts.models import User
    from shequ.volunteers import services
    from shequ.volunteers.models import ServiceNeed
    from shequ.volunteers.needs import matching

    admin = User.objects.filter(username__startswith="bench-da-").order_by("-id").first()
    week = ServiceNeed.objects.filter(title__startswith="需求").order_by("starts_at").first()
    from django.utils import timezone
    monday = timezone.localtime(week.starts_at).date()
    monday -= dt.timedelta(days=monday.weekday())
    runs = []
    for _ in range(3):
        ms, solution = benchlib.timed(matching.solve_week, admin, week_start=monday)
        runs.append(ms)
    store_ms, stored = benchlib.timed(services.proposals_replace, actor=admin,
                                      pairs=solution.pairs, needs=solution.needs)
    return {"solve_ms": [round(r) for r in runs], "needs": len(solution.needs),
            "slots": solution.slots, "filled": solution.filled,
            "store_ms": round(store_ms), "stored": stored}


def bench_statement(n) -> dict:
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from shequ.accounts.models import User
    from shequ.accounts.services import api_token_create
    from shequ.core.actors import SYSTEM
    from shequ.volunteers import selectors
    from shequ.volunteers.models import PointsEntry

    heavy = PointsEntry.objects.values("account_id").annotate(n=Count("id")).order_by("-n")[0]
    admin = User.objects.filter(username__startswith="bench-da-").order_by("-id").first()
    year = timezone.localdate().year

    def read():
        account = selectors.account_get_for_actor(admin, heavy["account_id"])
        rows = selectors.statement(account, limit=50)
        totals = selectors.year_totals(account, year)
        return account.balance, len(rows), totals

    selector = [benchlib.timed(read)[0] for _ in range(n)]
    _token, raw = api_token_create(actor=SYSTEM, user=admin, name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/volunteers/points/accounts/{heavy['account_id']}?limit=50"
    assert client.get(url).status_code == 200
    api = [benchlib.timed(client.get, url)[0] for _ in range(n)]
    return {"entries_of_account": heavy["n"], "selector": benchlib.summary(selector),
            "api": benchlib.summary(api)}


def voters_setup(rng) -> tuple[int, list[int], list[str]]:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from shequ.accounts.models import User
    from shequ.accounts.services import api_token_create
    from shequ.campaigns import services
    from shequ.core.actors import SYSTEM
    from shequ.registry.models import Resident
    from shequ.territory.models import Area

    community = Area.objects.filter(kind="community").order_by("path").first()
    stamp = int(time.time())
    residents = list(Resident.objects.filter(
        path__gte=community.path, path__lt=community.path + "~", user__isnull=True)[:N_VOTERS])
    password = make_password(None)
    users = User.objects.bulk_create([User(username=f"voter-{stamp}-{i}", password=password)
                                      for i in range(len(residents))])
    for r, u in zip(residents, users, strict=True):
        Resident.objects.filter(pk=r.pk).update(user=u)
    tokens = [api_token_create(actor=SYSTEM, user=u, name="bench")[1] for u in users]
    selection = services.selection_create(actor=SYSTEM, community=community,
                                          title=f"和谐家庭 {stamp}", kind="harmonious_family")
    cands = [services.nomination_submit(actor=SYSTEM, selection=selection, nominee=f"候选{i}",
                                        reason="邻里和睦，热心公益") for i in range(5)]
    for c in cands:
        services.nomination_review(actor=SYSTEM, nomination=c, accept=True)
    now = timezone.now()
    services.selection_open_voting(actor=SYSTEM, selection=selection,
                                   opens_at=now - dt.timedelta(minutes=1),
                                   closes_at=now + dt.timedelta(days=1))
    return selection.pk, [c.pk for c in cands], tokens


def burst(selection_id, bodies_tokens) -> tuple[list[int], float]:
    barrier = threading.Barrier(len(bodies_tokens))

    def post(item):
        body, token = item
        con = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        barrier.wait(timeout=60)
        con.request("POST", f"/api/v1/campaigns/selections/{selection_id}/votes",
                    body=json.dumps(body), headers={"Authorization": f"Bearer {token}",
                                                    "Content-Type": "application/json"})
        status = con.getresponse().status
        con.close()
        return status

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(bodies_tokens)) as pool:
        statuses = list(pool.map(post, bodies_tokens))
    return statuses, time.perf_counter() - t


def bench_votes(rng) -> dict:
    from shequ.campaigns.models import Vote

    selection_id, cands, tokens = voters_setup(rng)
    env = benchlib.bench_env(DB)
    env["PYTHONPATH"] = str(benchlib.ROOT / "src")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
         "--port", str(PORT), "--workers", "2", "shequ.wsgi:application"],
        env=env, cwd=benchlib.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                con = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                con.request("GET", "/login/")
                con.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        first, secs = burst(selection_id, [({"nomination": rng.choice(cands)}, t)
                                           for t in tokens])
        again, secs2 = burst(selection_id, [({"nomination": rng.choice(cands)}, t)
                                            for t in tokens[:100]])
    finally:
        server.terminate()
        server.wait(timeout=20)
    counted = Vote.objects.filter(selection_id=selection_id).count()
    return {"posts": len(first), "created_201": first.count(201), "burst_s": round(secs, 2),
            "votes_stored": counted, "repeat_posts": len(again),
            "repeat_refused_409": again.count(409), "repeat_burst_s": round(secs2, 2),
            "exactly_once": counted == len(tokens) == first.count(201)
            and again.count(409) == len(again)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(benchlib.SEED)
    fresh = prepare(args.keep)
    benchlib.setup_django(DB)
    if fresh:
        print("building volunteers data …", flush=True)
        build(rng)
    results = {"candidates": bench_candidates(rng, args.n), "solve": bench_solve(),
               "statement": bench_statement(args.n), "votes": bench_votes(rng)}
    c, s, st, v = (results[k] for k in ("candidates", "solve", "statement", "votes"))
    rows = [
        ["candidates, community_staff p95", "≤ 100 ms", f"{c['community_staff']['p95_ms']} ms"],
        ["candidates, district_admin p95", "≤ 100 ms", f"{c['district_admin']['p95_ms']} ms"],
        ["week solve (2k needs), worst of 3", "≤ 5 s", f"{max(s['solve_ms']) / 1000:.2f} s"],
        ["  slots / filled / stored", "", f"{s['slots']} / {s['filled']} / {s['stored']}"],
        ["balance+statement, selector p95", "≤ 20 ms", f"{st['selector']['p95_ms']} ms"],
        ["balance+statement, API p95", "≤ 20 ms", f"{st['api']['p95_ms']} ms"],
        ["500 vote POSTs counted once", "all", f"{v['votes_stored']}/{v['posts']} "
         f"in {v['burst_s']} s; repeats refused {v['repeat_refused_409']}/{v['repeat_posts']}"],
    ]
    print(benchlib.table(["figure", "target", "measured"], rows))
    path = benchlib.write_json("volunteers", results)
    print(f"written {path}")
    return 0 if v["exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
