"""Reads of the configuration pages: categories, the districts a manager sets warning
rules for and each rule's effective setting, and the working-day calendar. Nobody without
``manage_categories`` gets anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from shequ.core.errors import NotFound
from shequ.registry.models import Tag
from shequ.territory.models import Area, AreaKind

from ..alerting.config import DEFAULTS, PARAMS, DistrictSettings, ParamSpec
from ..models import Category, Holiday, WarningKind, WarningRule
from ..policies import Action


def _manager(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.can(
        Action.MANAGE_CATEGORIES)


def categories_for_manager(actor) -> QuerySet[Category]:
    """Every category, inactive ones too, by ledger and order."""
    if not _manager(actor):
        return Category.objects.none()
    return Category.objects.order_by("ledger", "order", "id")


def category_get_for_manager(actor, category_id) -> Category:
    try:
        return categories_for_manager(actor).get(pk=int(category_id))
    except (Category.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def rule_districts(actor) -> QuerySet[Area]:
    """The districts whose warning rules the actor sets (their grants' districts)."""
    if not _manager(actor):
        return Area.objects.none()
    return Area.objects.for_actor(actor, Action.MANAGE_CATEGORIES).filter(
        kind=AreaKind.DISTRICT).order_by("path")


def rule_district_get(actor, district_id) -> Area:
    try:
        return rule_districts(actor).get(pk=int(district_id))
    except (Area.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@dataclass(frozen=True)
class RuleView:
    kind: str
    label: str
    active: bool
    level: str
    params: list[tuple[str, ParamSpec, object, object]]  # name, spec, value, default
    customised: bool
    updated_at: dt.datetime | None


def rule_settings(district: Area) -> list[RuleView]:
    """Each rule of the district as it is applied now: its row's values over the
    defaults, and whether the district has changed anything."""
    settings = DistrictSettings(district.path)
    rows = {r.kind: r for r in WarningRule.objects.filter(district=district)}
    out = []
    for kind, label in WarningKind.choices:
        rule = settings.rule(kind)
        default = DEFAULTS[kind]
        out.append(RuleView(
            kind=kind, label=label, active=rule.active, level=rule.level,
            params=[(name, PARAMS[name], rule.params[name], default.params[name])
                    for name in default.params],
            customised=kind in rows, updated_at=rows[kind].updated_at if kind in rows
            else None))
    return out


def rule_setting(district: Area, kind: str) -> RuleView:
    for view in rule_settings(district):
        if view.kind == kind:
            return view
    raise NotFound()


def tag_choices() -> list[tuple[str, str]]:
    return list(Tag.objects.order_by("id").values_list("code", "name"))


def holiday_list(*, year: int) -> QuerySet[Holiday]:
    return Holiday.objects.filter(date__year=year).order_by("date")


def holiday_years() -> list[int]:
    """The years the calendar has days for, and this year and the next."""
    today = dt.date.today()
    years = {d.year for d in Holiday.objects.dates("date", "year")}
    return sorted(years | {today.year, today.year + 1})
