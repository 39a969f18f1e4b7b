"""Demo cases: a year of the three ledgers for a district already loaded by ``shequ demo``.

``generate_cases(seed=…, per_year=…)`` writes cases with their full event history (taken
in, assigned, started, escalated and returned, resolved, rated, reopened once on 不满意,
rejected), a grid-worker account for every grid that has none, daily comments, the last
months' evaluations and the early warnings of today. Deadlines use the same working-day
calendar as the services; values go in with executemany (the services would take hours
for 400k cases), and the same seed gives the same cases.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from shequ.accounts.models import Grant, User
from shequ.accounts.roles import Role
from shequ.core import audit
from shequ.core.actors import SYSTEM
from shequ.registry import pii
from shequ.registry.models import Resident
from shequ.supervision.models import Comment
from shequ.territory.models import Area, AreaKind, Building

from . import alerting, workdays
from .demo_texts import CATEGORY_WEIGHTS, COMMENTS, DETAILS, RESOLUTIONS, SOURCES, TEXTS
from .models import Case, CaseEvent, Category, Holiday

CASE_FIELDS = [
    "id", "ledger", "category", "title", "description", "source", "source_ref", "state",
    "escalation_level", "grid", "building", "household", "address", "path", "reporter",
    "subject", "reporter_name", "reporter_phone_enc", "reporter_phone_hash",
    "reporter_phone_masked", "reporter_phone_tail4", "lat", "lng", "attributes",
    "assigned_to", "created_by", "created_at", "updated_at", "due_at", "resolved_at",
    "closed_at", "rated_at", "rating", "reopened_count", "duplicate_of", "version"]
EVENT_FIELDS = ["id", "case", "kind", "from_state", "to_state", "actor", "actor_name", "at",
                "note", "data"]
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


class _Writer:
    """Rows → executemany; SQL names come from the model's _meta, values are parameters."""

    def __init__(self, model, fields, flush_at=20_000):
        qn = connection.ops.quote_name
        opts = model._meta
        cols = [opts.get_field(f) for f in fields]
        self.sql = (f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(c.column) for c in cols)})"  # noqa: S608
                    f" VALUES ({', '.join(['%s'] * len(cols))})")
        self.rows, self.flush_at, self.count = [], flush_at, 0

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= self.flush_at:
            self.flush()

    def flush(self):
        if self.rows:
            with connection.cursor() as cur:
                cur.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


def _ts(value):
    return connection.ops.adapt_datetimefield_value(value) if value is not None else None


def _json(value):
    return connection.ops.adapt_json_value(value, None)


def _grid_workers(grids: list[Area]) -> dict[int, int]:
    """A grid-worker account per grid (demo accounts cannot sign in: unusable password)."""
    have = dict(Grant.objects.filter(role=Role.GRID_WORKER).order_by("-id")
                .values_list("area_id", "user_id"))
    missing = [g for g in grids if g.pk not in have]
    if missing:
        unusable = make_password(None)
        users = User.objects.bulk_create([
            User(username=f"gw_{g.code}"[:150], display_name=f"{g.name}网格员", password=unusable)
            for g in missing])
        if users and users[0].pk is None:
            users = list(User.objects.filter(username__in=[f"gw_{g.code}" for g in missing]))
        by_name = {u.username: u for u in users}
        Grant.objects.bulk_create([Grant(user=by_name[f"gw_{g.code}"[:150]], role=Role.GRID_WORKER,
                                         area=g) for g in missing])
        have.update({g.pk: by_name[f"gw_{g.code}"[:150]].pk for g in missing})
    return have


class _Generator:
    def __init__(self, seed, per_year, end):
        self.rng = random.Random(seed * 1000 + 71)
        self.per_year, self.end = per_year, end
        self.start = end - dt.timedelta(days=365)
        self.grids = list(Area.objects.filter(kind=AreaKind.GRID).order_by("path"))
        self.workers = _grid_workers(self.grids)
        self.buildings = defaultdict(list)
        for b in Building.objects.select_related("compound").order_by("id"):
            self.buildings[b.grid_id].append((b.pk, str(b), b.lat, b.lng, b.path))
        weights = [len(self.buildings[g.pk]) or 0.1 for g in self.grids]
        self.grid_cum = list(_cumulative(weights))
        cats = {c.code: c for c in Category.objects.all()}
        self.categories = [cats[code] for code in CATEGORY_WEIGHTS if code in cats]
        self.cat_cum = list(_cumulative([CATEGORY_WEIGHTS[c.code] for c in self.categories]))
        self.src_cum = list(_cumulative([w for _s, w in SOURCES]))
        self.overrides = dict(Holiday.objects.values_list("date", "is_workday"))
        self.reporters = defaultdict(list)
        self.key_people = []
        for rid, building, name, phone_hash, masked, tail4, key in self._residents():
            if key:
                self.key_people.append(rid)
            if rid % 8 == 0 and phone_hash:
                self.reporters[building].append((rid, name, phone_hash, masked, tail4))
        self.frequent = [self._phone(i) for i in range(max(5, per_year // 2000))]
        self.names = {pk: display or username for pk, display, username in User.objects.filter(
            pk__in=set(self.workers.values())).values_list("pk", "display_name", "username")}

    def _residents(self):
        qs = Resident.objects.filter(is_active=True).values_list(
            "id", "household__entrance__building_id", "name", "phone_hash", "phone_masked",
            "phone_tail4")
        keyed = set(Resident.objects.filter(tags__code="key_person").values_list("id", flat=True))
        for row in qs.iterator(chunk_size=20_000):
            yield (*row, row[0] in keyed)

    def _phone(self, i):
        raw = f"13{self.rng.randint(0, 9)}{self.rng.randint(0, 99_999_999):08d}"
        cols = pii.phone_columns(raw)
        return (self.rng.choice("王李张刘陈杨赵黄周吴") + self.rng.choice("先生女士"),
                cols.enc, cols.hash, cols.masked, cols.tail4)

    def due(self, created, days):
        local = created.astimezone(workdays.TZ).date()
        last = workdays.add_working_days(local, days, self.overrides)
        return dt.datetime.combine(last, workdays.END_OF_DAY, tzinfo=workdays.TZ)

    def times(self):
        span = (self.end - self.start).total_seconds()
        out = []
        while len(out) < self.per_year:
            t = self.start + dt.timedelta(seconds=self.rng.random() * span)
            local = t.astimezone(workdays.TZ)
            weekday_ok = local.weekday() < 5 or self.rng.random() < 0.55
            hour_ok = 8 <= local.hour < 20 or self.rng.random() < 0.15
            if weekday_ok and hour_ok:
                out.append(t)
        return sorted(out)


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def _pick(rng, items, cum):
    return items[bisect.bisect_left(cum, rng.random() * cum[-1])]


def _lifecycle(g: _Generator, created, category, grid_id, worker):
    """(events, final fields) of one case: each step happens only if its time has come."""
    rng, end = g.rng, g.end
    events, f = [], {"state": "received", "assigned_to": None, "resolved_at": None,
                     "closed_at": None, "rated_at": None, "rating": "", "reopened": 0,
                     "escalation": "", "updated": created}

    def step(kind, to, at, actor=None, note="", data=None):
        events.append((kind, f["state"], to, actor, at, note, data or {}))
        f["state"], f["updated"] = to, at

    due = g.due(created, category.deadline_working_days)
    events.append(("create", "", "received", None, created, "", {}))
    at = created + H * rng.expovariate(1 / 2)
    if at > end:
        return events, f, due
    if rng.random() < 0.04:
        step("reject", "rejected", at, note="不属于本社区受理范围，已告知转办渠道")
        f["closed_at"] = at
        return events, f, due
    f["assigned_to"] = worker
    step("assign", "assigned", at, data={"assignee": worker})
    at += H * rng.expovariate(1 / 6)
    if at > end:
        return events, f, due
    step("start", "in_progress", at, actor=worker)
    if rng.random() < 0.02:
        esc = at + H * rng.uniform(2, 24)
        if esc > end:
            return events, f, due
        step("escalate", "escalated", esc, actor=worker, note="需街道协调", data={"level": "street"})
        f["escalation"] = "street"
        back = esc + D * rng.uniform(1, 3)
        if back > end:
            return events, f, due
        step("return", "assigned", back, note="请会同物业和住建部门办理",
             data={"from_level": "street"})
        f["escalation"] = ""
        at = back + H * rng.uniform(1, 8)
        if at > end:
            return events, f, due
        step("start", "in_progress", at, actor=worker)
    for attempt in range(2):
        if rng.random() < 0.88 and due > at:
            done = at + (due - at) * rng.random()
        else:
            done = max(at, due) + D * rng.expovariate(1 / 3)
        if done > end:
            return events, f, due
        step("resolve", "resolved", done, actor=worker, note=rng.choice(RESOLUTIONS))
        f["resolved_at"] = done
        if rng.random() < 0.1:  # nobody to call back: closed by staff after five days
            closed = done + 5 * D
            if closed <= end:
                step("close", "closed", closed, note="多次回访未接通")
                f["closed_at"] = closed
            return events, f, due
        rated = done + D * rng.uniform(0.3, 3)
        if rated > end:
            return events, f, due
        r = rng.random()
        rating = "satisfied" if r < 0.75 else "basic" if r < 0.93 else "unsatisfied"
        f["rating"], f["rated_at"] = rating, rated
        if rating == "unsatisfied" and attempt == 0:
            step("reopen", "in_progress", rated, note="群众不满意，重新办理",
                 data={"rating": rating})
            f["reopened"], f["resolved_at"] = 1, None
            due = g.due(rated, category.deadline_working_days)
            at = rated
            continue
        step("rate", "closed", rated, data={"rating": rating})
        f["closed_at"] = rated
        return events, f, due
    return events, f, due


def generate_cases(*, seed: int = 2026, per_year: int = 400_000,
                   end: dt.datetime | None = None, progress=None, warnings: bool = True,
                   evaluation_months: int = 2) -> dict:
    """Write a year of cases (``per_year`` of them) ending at ``end`` (default now) for the
    district already in the database. Returns counts and seconds."""
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    end = end or timezone.now()
    with transaction.atomic():
        say("cases: reading the district…")
        g = _Generator(seed, per_year, end)
        rng = g.rng
        next_case = (Case.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        next_event = (CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        cases, events = _Writer(Case, CASE_FIELDS), _Writer(CaseEvent, EVENT_FIELDS)
        say(f"cases: {per_year:,} over the year to {end:%Y-%m-%d}…")
        recent: list[tuple] = []
        for i, created in enumerate(g.times()):
            if recent and rng.random() < 0.03:  # a burst: same grid and category as lately
                grid, category = rng.choice(recent[-50:])
            else:
                grid = _pick(rng, g.grids, g.grid_cum)
                category = _pick(rng, g.categories, g.cat_cum)
            recent.append((grid, category))
            if len(recent) > 200:
                del recent[:100]
            bid, address, lat, lng, path = rng.choice(g.buildings[grid.pk]) if g.buildings[
                grid.pk] else (None, "", None, None, grid.path)
            worker = g.workers.get(grid.pk)
            source = _pick(rng, [s for s, _w in SOURCES], g.src_cum)
            reporter = subject = None
            name, enc, phone_hash, masked, tail4 = "", None, "", "", ""
            r = rng.random()
            if category.ledger == "appeal" and r < 0.12:
                name, enc, phone_hash, masked, tail4 = rng.choice(g.frequent)
            elif r < 0.6 and g.reporters.get(bid):
                reporter, name, phone_hash, masked, tail4 = rng.choice(g.reporters[bid])
            elif r < 0.8:
                name, enc, phone_hash, masked, tail4 = g._phone(i)
            if category.ledger == "stability" and g.key_people and rng.random() < 0.08:
                subject = rng.choice(g.key_people)
            title = rng.choice(TEXTS.get(category.code, [category.name]))
            evs, f, due = _lifecycle(g, created, category, grid.pk, worker)
            cid = next_case
            next_case += 1
            cases.add((
                cid, category.ledger, category.pk, title, f"{title}。{rng.choice(DETAILS)}",
                source, "", f["state"], f["escalation"], grid.pk, bid, None, address, path,
                reporter, subject, name, enc, phone_hash, masked, tail4,
                _dec(lat), _dec(lng), _json({}), f["assigned_to"],
                worker if source == "visit" else None, _ts(created), _ts(f["updated"]),
                _ts(due), _ts(f["resolved_at"]), _ts(f["closed_at"]), _ts(f["rated_at"]),
                f["rating"], f["reopened"], None, len(evs)))
            for kind, frm, to, actor, at, note, data in evs:
                events.add((next_event, cid, kind, frm, to, actor,
                            g.names.get(actor, "demo"), _ts(at), note, _json(data)))
                next_event += 1
            if i % 50_000 == 49_999:
                say(f"  {i + 1:,} cases…")
        cases.flush()
        events.flush()
        comments = _comments(g)
        audit.record(actor=None, action="demo_cases", entity="demo", entity_id=str(seed),
                     summary=f"{cases.count} demo cases",
                     after={"cases": cases.count, "events": events.count})
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Case, CaseEvent]):
                cur.execute(sql)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    counts = {"cases": cases.count, "case_events": events.count, "comments": comments}
    if warnings:
        say("cases: early-warning pass…")
        counts["warnings"] = sum(v for k, v in alerting.run_all(now=end).items()
                                 if k.endswith("_raised"))
    if evaluation_months:
        say("cases: monthly evaluations…")
        counts["evaluations"] = _evaluations(end, evaluation_months)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _dec(value):
    return connection.ops.adapt_decimalfield_value(Decimal(value), 9, 6) if value is not None \
        else None


def _comments(g: _Generator) -> int:
    """A supervisor's remark on about one working day in three per community; one in six
    is a flag, and those of the last fortnight still wait for the community's answer."""
    communities = list(Area.objects.filter(kind=AreaKind.COMMUNITY))
    author = (Grant.objects.filter(role=Role.SUPERVISOR).order_by("id")
              .values_list("user_id", flat=True).first())
    if author is None:
        return 0
    staff = dict(Grant.objects.filter(role=Role.COMMUNITY_STAFF, area__kind=AreaKind.COMMUNITY)
                 .order_by("-id").values_list("area_id", "user_id"))
    rows = []
    day = g.start.astimezone(workdays.TZ).date()
    last = g.end.astimezone(workdays.TZ).date()
    while day <= last:
        if workdays.is_working_day(day, g.overrides):
            for c in communities:
                if g.rng.random() < 0.3:
                    at = dt.datetime.combine(day, dt.time(17), tzinfo=workdays.TZ)
                    flag = g.rng.random() < 1 / 6
                    answered = flag and (last - day).days > 14 and c.pk in staff
                    rows.append(Comment(
                        author_id=author, community=c, path=c.path, on_date=day,
                        text=g.rng.choice(COMMENTS), created_at=at, is_flag=flag,
                        answer="已整改，见本周台账。" if answered else "",
                        answered_by_id=staff.get(c.pk) if answered else None,
                        answered_at=at + dt.timedelta(days=2) if answered else None))
        day += D
    Comment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _evaluations(end: dt.datetime, months: int) -> int:
    from shequ.supervision.services import score_compute

    n = 0
    first = end.astimezone(workdays.TZ).date().replace(day=1)
    for _ in range(months):
        first = (first - D).replace(day=1)
        for community in Area.objects.filter(kind=AreaKind.COMMUNITY):
            n += len(score_compute(actor=SYSTEM, kind="case", community=community,
                                   month=first))
    return n

