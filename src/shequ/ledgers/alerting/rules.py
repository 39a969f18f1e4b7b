"""The five rules. Each takes the evaluation context, a district, its setting and a base
queryset (the whole district for a scheduled pass, or narrowed to one new case's grid,
category or reporter) and returns findings. The same code serves both paths."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from shequ.accounts.models import Grant
from shequ.accounts.roles import Role

from ..models import OPEN_STATES, Case, Category, EarlyWarning, WarningState
from ..models import WarningKind as K
from ..models import WarningLevel as L
from .store import Finding


def district_range(path: str) -> Q:
    """A whole district, written as a prefix rather than an index range: it matches (nearly)
    every row, and SQLite would otherwise walk the path index instead of the selective one
    (grid, category, reporter, created_at) — see selectors.cases._path_q."""
    return Q(path=path) | Q(path__startswith=path + ".")


def common_path(paths) -> str:
    parts = [p.split(".") for p in paths]
    out = []
    for segs in zip(*parts, strict=False):
        if len(set(segs)) != 1:
            break
        out.append(segs[0])
    return ".".join(out)


class Context:
    """What one evaluation shares: the clock and lazily loaded names."""

    def __init__(self, settings, now: dt.datetime):
        self.settings = settings
        self.now = now
        self._grids: dict[int, str] = {}
        self._categories: dict[int, str] = {}
        self._workers: dict[int, int | None] = {}

    def preload_grids(self, grid_ids) -> None:
        """Names and grid workers of many grids in two queries a chunk, instead of two
        queries per finding (a batch of intake finds a cluster in a hundred grids)."""
        from shequ.territory.models import Area

        todo = sorted({g for g in grid_ids if g is not None and g not in self._grids})
        for i in range(0, len(todo), 500):
            chunk = todo[i:i + 500]
            names = dict(Area.objects.filter(pk__in=chunk).values_list("id", "name"))
            workers: dict[int, int] = {}
            for area_id, user_id in (Grant.objects.filter(role=Role.GRID_WORKER,
                                                          area_id__in=chunk)
                                     .order_by("id").values_list("area_id", "user_id")):
                workers.setdefault(area_id, user_id)
            for g in chunk:
                self._grids[g] = names.get(g) or ""
                self._workers.setdefault(g, workers.get(g))

    def grid_name(self, grid_id) -> str:
        if grid_id not in self._grids:
            from shequ.territory.models import Area
            self._grids[grid_id] = (Area.objects.filter(pk=grid_id)
                                    .values_list("name", flat=True).first() or "")
        return self._grids[grid_id]

    def category_name(self, category_id) -> str:
        if category_id not in self._categories:
            self._categories[category_id] = (Category.objects.filter(pk=category_id)
                                             .values_list("name", flat=True).first() or "")
        return self._categories[category_id]

    def grid_worker(self, grid_id) -> int | None:
        if grid_id not in self._workers:
            self._workers[grid_id] = (Grant.objects.filter(role=Role.GRID_WORKER, area_id=grid_id)
                                      .order_by("id").values_list("user_id", flat=True).first())
        return self._workers[grid_id]

    def closed_since(self, kind: str, since: dt.datetime) -> dict[str, dt.datetime]:
        """Last closing time per key of warnings of ``kind`` closed after ``since``: a person
        closed the situation, so only cases after that count towards raising it again."""
        out: dict[str, dt.datetime] = {}
        for key, at in EarlyWarning.objects.filter(
                kind=kind, state=WarningState.CLOSED, closed_at__gte=since
        ).values_list("key", "closed_at"):
            if key not in out or at > out[key]:
                out[key] = at
        return out


def cluster(ctx: Context, district, rule, qs) -> list[Finding]:
    """N or more cases of one category in one grid received within the window."""
    p = rule.params
    since = ctx.now - dt.timedelta(days=p["window_days"])
    closed = ctx.closed_since(K.CLUSTER, since)
    groups: dict[str, list] = defaultdict(list)
    for cid, gid, cat, at, path in qs.filter(
            created_at__gte=since, created_at__lte=ctx.now, grid__isnull=False
    ).values_list("id", "grid_id", "category_id", "created_at", "path"):
        key = f"cluster:{gid}:{cat}"
        if key in closed and at <= closed[key]:
            continue
        groups[key].append((cid, gid, cat, path))
    ctx.preload_grids(rows[0][1] for rows in groups.values() if len(rows) >= p["count"])
    out = []
    for key, rows in groups.items():
        if len(rows) < p["count"]:
            continue
        _cid, gid, cat, path = rows[0]
        out.append(Finding(
            kind=K.CLUSTER, key=key, level=rule.level, district_id=district.pk, path=path,
            grid_id=gid, assignee_id=ctx.grid_worker(gid), case_ids=[r[0] for r in rows],
            title=_("%(grid)s: %(n)d cases of %(category)s within %(days)d days")
            % {"grid": ctx.grid_name(gid), "n": len(rows),
               "category": ctx.category_name(cat), "days": p["window_days"]},
            detail={"count": len(rows), "threshold": p["count"], "window_days": p["window_days"]},
        ))
    return out


def repeat(ctx: Context, district, rule, qs) -> list[Finding]:
    """One person (same phone hash, or the same registered resident) files N or more cases
    of the configured ledgers within the window."""
    p = rule.params
    since = ctx.now - dt.timedelta(days=p["window_days"])
    closed = ctx.closed_since(K.REPEAT, since)
    groups: dict[str, list] = defaultdict(list)
    rows = qs.filter(ledger__in=p["ledgers"], created_at__gte=since, created_at__lte=ctx.now
                     ).exclude(reporter_phone_hash="", reporter__isnull=True)
    for cid, phone_hash, rid, at, path, name, masked in rows.values_list(
            "id", "reporter_phone_hash", "reporter_id", "created_at", "path", "reporter_name",
            "reporter_phone_masked").order_by("created_at"):
        key = f"repeat:{phone_hash}" if phone_hash else f"repeat:r{rid}"
        if key in closed and at <= closed[key]:
            continue
        groups[key].append((cid, path, name, masked))
    out = []
    for key, items in groups.items():
        if len(items) < p["count"]:
            continue
        _cid, _path, name, masked = items[-1]
        who = " ".join(x for x in (name, masked) if x)
        out.append(Finding(
            kind=K.REPEAT, key=key, level=rule.level, district_id=district.pk,
            path=common_path(i[1] for i in items) or district.path,
            case_ids=[i[0] for i in items],
            title=_("%(who)s filed %(n)d cases within %(days)d days")
            % {"who": who, "n": len(items), "days": p["window_days"]},
            detail={"count": len(items), "threshold": p["count"], "window_days": p["window_days"]},
        ))
    return out


def key_person(ctx: Context, district, rule, qs) -> list[Finding]:
    """Every stability case whose person concerned (or reporter) is tagged 重点人员."""
    p = rule.params
    since = ctx.now - dt.timedelta(days=p["window_days"])
    tag = p["tag"]
    rows = list(qs.filter(ledger="stability", created_at__gte=since, created_at__lte=ctx.now)
                .filter(Q(subject__tags__code=tag) | Q(reporter__tags__code=tag)).distinct()
                .values_list("id", "path", "grid_id", "assigned_to_id", "title"))
    raised = set(EarlyWarning.objects.filter(
        kind=K.KEY_PERSON, key__in=[f"key_person:{r[0]}" for r in rows]
    ).values_list("key", flat=True))
    out = []
    for cid, path, gid, assignee, title in rows:
        key = f"key_person:{cid}"
        if key in raised:
            continue
        out.append(Finding(
            kind=K.KEY_PERSON, key=key, level=rule.level, district_id=district.pk, path=path,
            grid_id=gid, assignee_id=assignee, case_ids=[cid],
            title=_("Stability case about a key person: %(title)s") % {"title": title},
        ))
    return out


def deadline(ctx: Context, district, rule, qs) -> list[Finding]:
    """Open cases due within ``soon_hours`` (yellow) or already overdue (the rule's level,
    red after ``red_after_days`` days). A closed deadline warning is never raised again."""
    p = rule.params
    soon = ctx.now + dt.timedelta(hours=p["soon_hours"])
    rows = list(qs.filter(state__in=OPEN_STATES, due_at__lt=soon).values_list(
        "id", "path", "grid_id", "assigned_to_id", "due_at", "title"))
    keys = [f"{'overdue' if r[4] < ctx.now else 'due_soon'}:{r[0]}" for r in rows]
    closed: set[str] = set()
    for i in range(0, len(keys), 500):
        closed.update(EarlyWarning.objects.filter(
            kind=K.DEADLINE, state=WarningState.CLOSED, key__in=keys[i:i + 500]
        ).values_list("key", flat=True))
    ctx.preload_grids(r[2] for r, key in zip(rows, keys, strict=True)
                      if key not in closed and not r[3])
    out = []
    for key, (cid, path, gid, assignee, due, title) in zip(keys, rows, strict=True):
        if key in closed:
            continue
        overdue = due < ctx.now
        if overdue:
            days = (ctx.now - due).days
            level = L.RED if days >= p["red_after_days"] else rule.level
            text = _("Overdue by %(days)d day(s): %(title)s") % {"days": days, "title": title}
        else:
            level = L.YELLOW
            text = _("Due within %(hours)d hours: %(title)s") % {"hours": p["soon_hours"],
                                                                  "title": title}
        out.append(Finding(kind=K.DEADLINE, key=key, level=level, district_id=district.pk,
                           path=path, grid_id=gid, case_ids=[cid], title=text,
                           assignee_id=assignee or ctx.grid_worker(gid),
                           detail={"due_at": due.isoformat(), "overdue": overdue}))
    return out


def spike(ctx: Context, district, rule, qs) -> list[Finding]:
    """This week's count in a grid (the last 7 days) above mean + sigmas·sd of the previous
    ``weeks`` weekly counts (population sd) and at least ``minimum``."""
    p = rule.params
    weeks = int(p["weeks"])
    edges = [ctx.now - dt.timedelta(days=7 * i) for i in range(weeks + 2)]
    aggregates = {f"w{i}": Count("id", filter=Q(created_at__gte=edges[i + 1],
                                                 created_at__lt=edges[i]))
                  for i in range(weeks + 1)}
    recently_closed = ctx.closed_since(K.SPIKE, ctx.now - dt.timedelta(days=7))
    spiking = []
    for row in qs.filter(created_at__gte=edges[-1], created_at__lt=ctx.now,
                         grid__isnull=False).values("grid_id").annotate(**aggregates):
        this = row["w0"]
        history = [row[f"w{i}"] for i in range(1, weeks + 1)]
        mean = statistics.fmean(history)
        sd = statistics.pstdev(history)
        threshold = mean + float(p["sigmas"]) * sd
        key = f"spike:{row['grid_id']}"
        if this <= threshold or this < p["minimum"] or key in recently_closed:
            continue
        spiking.append((row["grid_id"], key, this, history, mean, sd, threshold))
    gids = [r[0] for r in spiking]
    ctx.preload_grids(gids)
    # The week's cases of every spiking grid in one read a chunk (in the model's order).
    week_cases: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for i in range(0, len(gids), 500):
        for gid, cid, path in Case.objects.filter(
                grid_id__in=gids[i:i + 500], created_at__gte=edges[1], created_at__lt=ctx.now
        ).values_list("grid_id", "id", "path"):
            week_cases[gid].append((cid, path))
    out = []
    for gid, key, this, history, mean, sd, threshold in spiking:
        ids, paths = zip(*week_cases[gid], strict=True)
        out.append(Finding(
            kind=K.SPIKE, key=key, level=rule.level, district_id=district.pk, path=paths[0],
            grid_id=gid, case_ids=list(ids),
            title=_("%(grid)s: %(n)d cases this week against %(mean).1f ± %(sd).1f before")
            % {"grid": ctx.grid_name(gid), "n": this, "mean": mean, "sd": sd},
            detail={"this_week": this, "mean": round(mean, 2), "sd": round(sd, 2),
                    "threshold": round(threshold, 2), "history": history},
        ))
    return out


RULES = {K.CLUSTER: cluster, K.REPEAT: repeat, K.KEY_PERSON: key_person,
         K.DEADLINE: deadline, K.SPIKE: spike}
