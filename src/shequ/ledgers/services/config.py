"""Configuration writes: categories, holidays and the districts' warning-rule settings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError, Forbidden
from shequ.territory.models import Area, AreaKind

from ..models import Category, Holiday, Ledger, WarningKind, WarningLevel, WarningRule
from ..permissions import Action

ATTRIBUTE_TYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def _check_manager(actor) -> None:
    if actor is not None and not actor.can(Action.MANAGE_CATEGORIES):
        raise Forbidden()


def clean_attributes(attributes) -> list[dict]:
    """Validate an Open311 service definition (list of attribute dicts) and normalise it."""
    out, codes = [], set()
    for i, a in enumerate(attributes or [], 1):
        code = str(a.get("code", "")).strip()
        if not code or code in codes:
            raise DomainError(_("Each attribute needs a unique code."), field="attributes")
        datatype = a.get("datatype", "string")
        if datatype not in ATTRIBUTE_TYPES:
            raise DomainError(_("Unknown attribute type: %(t)s") % {"t": datatype},
                              field="attributes")
        values = [{"key": str(v["key"]), "name": str(v["name"])} for v in a.get("values", [])]
        if datatype.endswith("valuelist") and not values:
            raise DomainError(_("A list attribute needs values."), field="attributes")
        codes.add(code)
        out.append({"code": code, "variable": bool(a.get("variable", True)),
                    "datatype": datatype, "required": bool(a.get("required", False)),
                    "datatype_description": str(a.get("datatype_description", "")),
                    "order": int(a.get("order", i)), "description": str(a.get("description", "")),
                    "values": values})
    return sorted(out, key=lambda a: a["order"])


@transaction.atomic
def category_save(*, actor, code: str, ledger: str, name: str, deadline_working_days: int,
                  public: bool = False, description: str = "", keywords: str = "",
                  attributes=None, is_active: bool = True, order: int = 100) -> Category:
    """Create or update a category by code. Stability categories are never public."""
    _check_manager(actor)
    if ledger not in Ledger.values:
        raise DomainError(_("Unknown ledger."), field="ledger")
    if ledger == Ledger.STABILITY and public:
        raise DomainError(_("Stability categories are never open to the public."),
                          code="stability_not_public", field="public")
    if not (name or "").strip():
        raise DomainError(_("Name is required."), code="required", field="name")
    if not 0 <= int(deadline_working_days) <= 90:
        raise DomainError(_("A deadline is 0 to 90 working days."),
                          field="deadline_working_days")
    values = {"ledger": ledger, "name": name.strip()[:40], "description": description[:300],
              "keywords": keywords[:200], "deadline_working_days": int(deadline_working_days),
              "public": bool(public), "attributes": clean_attributes(attributes),
              "is_active": is_active, "order": order}
    category, created = Category.objects.update_or_create(code=code, defaults=values)
    audit.record(actor=actor, action="create" if created else "update", entity="category",
                 entity_id=category.pk, summary=f"{code} {name}", after=values)
    return category


@transaction.atomic
def holiday_set(*, actor, date: dt.date, is_workday: bool, name: str = "") -> Holiday:
    """Declare a public holiday or a make-up working day (调休). Deadlines already set on
    open cases keep their date; new cases use the new calendar."""
    _check_manager(actor)
    holiday, _c = Holiday.objects.update_or_create(
        date=date, defaults={"is_workday": is_workday, "name": name[:30]})
    audit.record(actor=actor, action="holiday_set", entity="holiday", entity_id=str(date),
                 summary=f"{date} {'workday' if is_workday else 'holiday'} {name}")
    return holiday


@transaction.atomic
def holiday_remove(*, actor, date: dt.date) -> None:
    _check_manager(actor)
    Holiday.objects.filter(date=date).delete()
    audit.record(actor=actor, action="holiday_remove", entity="holiday", entity_id=str(date))


@transaction.atomic
def warning_rule_set(*, actor, district: Area, kind: str, level: str, params: dict,
                     is_active: bool = True) -> WarningRule:
    """Set a district's thresholds for one rule; unknown parameters are refused."""
    from ..alerting import DEFAULTS

    _check_manager(actor)
    if actor is not None and not actor.scope_for(Action.MANAGE_CATEGORIES).covers_path(
            district.path):
        raise Forbidden()
    if district.kind != AreaKind.DISTRICT:
        raise DomainError(_("Rules are set per district."), field="district")
    if kind not in WarningKind.values:
        raise DomainError(_("Unknown rule."), field="kind")
    if level not in WarningLevel.values:
        raise DomainError(_("Unknown level."), field="level")
    unknown = set(params) - set(DEFAULTS[kind].params)
    if unknown:
        raise DomainError(_("Unknown thresholds: %(names)s") % {"names": ", ".join(sorted(unknown))},
                          field="params")
    rule, _c = WarningRule.objects.update_or_create(
        district=district, kind=kind,
        defaults={"level": level, "params": params, "is_active": is_active})
    audit.record(actor=actor, action="warning_rule_set", entity="warning_rule",
                 entity_id=rule.pk, summary=f"{district.code} {kind}",
                 after={"level": level, "params": params, "active": is_active})
    return rule
