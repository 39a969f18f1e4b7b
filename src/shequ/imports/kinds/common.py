"""Look-ups the kinds share: areas by code, name or path-like name (北门社区/第一网格,
北门社区第一网格), inside the area the file is imported into and the actor's scope."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.rosters.cells import compact
from shequ.territory import selectors as territory_selectors
from shequ.territory.models import Area

from ..pipeline import Context, RowRejected

_SEPARATORS = re.compile(r"[/／\\>＞|｜、·\-—]+")


def seer(ctx: Context):
    """Who the scoped selectors look up for: the importing user, or SYSTEM for a run as
    the system (the command line)."""
    return ctx.actor


def areas_under(ctx: Context) -> list[Area]:
    """Every area under (and including) the import's area that the actor may see, loaded
    once per run (one query, through the territory's scoped selector); refreshed when an
    earlier row created one (``areas_changed``)."""
    got = ctx.cache.get("areas")
    if got is None:
        qs = territory_selectors.area_list(actor=seer(ctx))
        if ctx.into is not None:
            qs = qs.filter(path__gte=ctx.into.path, path__lt=ctx.into.path + ".~")
        got = ctx.cache["areas"] = list(qs.order_by("path"))
        ctx.cache["areas_by_code"] = {a.code: a for a in got}
        by_name: dict[str, list[Area]] = {}
        by_pk = {a.pk: a for a in got}
        for a in got:
            by_name.setdefault(compact(a.name), []).append(a)
        ctx.cache["areas_by_name"] = by_name
        ctx.cache["areas_by_pk"] = by_pk
    return got


def area_added(ctx: Context, area: Area) -> None:
    """An earlier row created ``area``: later rows find it without reloading the tree."""
    if "areas" not in ctx.cache:
        return
    ctx.cache["areas"].append(area)
    ctx.cache["areas_by_code"][area.code] = area
    ctx.cache["areas_by_name"].setdefault(compact(area.name), []).append(area)
    ctx.cache["areas_by_pk"][area.pk] = area


def _in_scope(ctx: Context, area: Area) -> bool:
    return ctx.into is None or area.path == ctx.into.path or \
        area.path.startswith(ctx.into.path + ".")


def area_find(ctx: Context, value: str, *, kinds: tuple[str, ...] = (), fld: str = "area",
              under: Area | None = None) -> Area:
    """The one area ``value`` names: its code, its name, its name under its parent's name
    (北门社区/第一网格 or 北门社区第一网格). Unknown and ambiguous names are refused."""
    areas_under(ctx)
    raw = compact(value)
    by_code = ctx.cache["areas_by_code"]
    by_name = ctx.cache["areas_by_name"]
    by_pk = ctx.cache["areas_by_pk"]

    def ok(a: Area) -> bool:
        return (not kinds or a.kind in kinds) and _in_scope(ctx, a) and (
            under is None or a.path.startswith(under.path + "."))

    if raw in by_code and ok(by_code[raw]):
        return by_code[raw]
    parts = [p for p in _SEPARATORS.split(raw) if p]
    candidates = [a for a in by_name.get(raw, []) if ok(a)]
    if not candidates and len(parts) > 1:
        *parents, last = parts
        candidates = [a for a in by_name.get(last, []) if ok(a) and
                      _ancestors_named(a, parents, by_pk)]
    if not candidates:
        # 北门社区第一网格: a parent's name followed by the child's.
        for a in by_name_values(by_name):
            if not ok(a) or a.parent_id not in by_pk:
                continue
            parent = by_pk[a.parent_id]
            if raw == compact(parent.name) + compact(a.name):
                candidates.append(a)
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        raise RowRejected("area_ambiguous", fld, _(
            "%(v)s names more than one area; write it with its parent (北门社区/第一网格) or "
            "by its code.") % {"v": value})
    into = ctx.into.name if ctx.into else pgettext("system", "Shequ")
    raise RowRejected("area_unknown", fld, _(
        "No area %(v)s in %(into)s; write its name, its code, or its community and grid "
        "(北门社区/第一网格).") % {"v": value, "into": into})


def by_name_values(by_name: dict[str, list[Area]]):
    for areas in by_name.values():
        yield from areas


def _ancestors_named(area: Area, names: list[str], by_pk: dict) -> bool:
    node = area
    for name in reversed(names):
        node = by_pk.get(node.parent_id)
        while node is not None and compact(node.name) != name:
            node = by_pk.get(node.parent_id)
        if node is None:
            return False
    return True


def require_into(ctx: Context, kinds: tuple[str, ...]) -> None:
    if ctx.into is None or ctx.into.kind not in kinds:
        raise RowRejected("into", "into", _("Choose the area to import into."))
