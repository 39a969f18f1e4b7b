"""Configuration writes: categories, holidays and the districts' warning-rule settings."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.core import audit
from shequ.core.errors import DomainError, ErrorCode, Forbidden
from shequ.territory.models import Area, AreaKind

from ..errors import CaseErrorCode
from ..models import Category, Holiday, Ledger, WarningKind, WarningLevel, WarningRule
from ..policies import Action, case_policy

CODE_RE = re.compile(r"[a-z][a-z0-9_-]{1,39}")
ATTRIBUTE_TYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def _check_manager(actor) -> None:
    if not case_policy.holds(actor, Action.MANAGE_CATEGORIES):
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


def _category_values(*, ledger: str, name: str, deadline_working_days, public: bool,
                     description: str, keywords: str, attributes, is_active: bool,
                     order) -> dict:
    if ledger not in Ledger.values:
        raise DomainError(_("Unknown ledger."), field="ledger")
    if ledger == Ledger.STABILITY and public:
        raise DomainError(_("Stability categories are never open to the public."),
                          code=CaseErrorCode.STABILITY_NOT_PUBLIC, field="public")
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name is required."), code=ErrorCode.REQUIRED, field="name")
    if len(name) > 40:
        raise DomainError(_("A name has at most 40 characters."), field="name")
    try:
        days = int(deadline_working_days)
    except (TypeError, ValueError):
        days = -1
    if not 0 <= days <= 90:
        raise DomainError(_("A deadline is 0 to 90 working days."),
                          field="deadline_working_days")
    return {"ledger": ledger, "name": name, "description": (description or "")[:300],
            "keywords": (keywords or "")[:200], "deadline_working_days": days,
            "public": bool(public), "attributes": clean_attributes(attributes),
            "is_active": bool(is_active), "order": int(order)}


def _category_snapshot(c: Category) -> dict:
    return {"ledger": c.ledger, "name": c.name, "description": c.description,
            "keywords": c.keywords, "deadline_working_days": c.deadline_working_days,
            "public": c.public, "attributes": c.attributes, "is_active": c.is_active,
            "order": c.order}


@transaction.atomic
def category_save(*, actor, code: str, ledger: str, name: str, deadline_working_days: int,
                  public: bool = False, description: str = "", keywords: str = "",
                  attributes=None, is_active: bool = True, order: int = 100) -> Category:
    """Create or update a category by code (commands and seeding). Stability categories
    are never public."""
    _check_manager(actor)
    values = _category_values(ledger=ledger, name=name,
                              deadline_working_days=deadline_working_days, public=public,
                              description=description, keywords=keywords,
                              attributes=attributes, is_active=is_active, order=order)
    category, created = Category.objects.update_or_create(code=code, defaults=values)
    audit.record(actor=actor, action="create" if created else "update", entity="category",
                 entity_id=category.pk, summary=f"{code} {name}", after=values)
    return category


@transaction.atomic
def category_create(*, actor, code: str, ledger: str, name: str, deadline_working_days: int,
                    public: bool = False, description: str = "", keywords: str = "",
                    is_active: bool = True, order: int = 100) -> Category:
    """A new category. Its code is the Open311 service_code: letters, digits, ``_`` and
    ``-``, unique, never changed afterwards."""
    _check_manager(actor)
    code = (code or "").strip().lower()
    if not CODE_RE.fullmatch(code):
        raise DomainError(_("A code is 2 to 40 lower-case letters, digits, _ or -, "
                            "starting with a letter."), field="code")
    if Category.objects.filter(code=code).exists():
        raise DomainError(_("A category with this code already exists."), code=ErrorCode.DUPLICATE,
                          field="code")
    values = _category_values(ledger=ledger, name=name,
                              deadline_working_days=deadline_working_days, public=public,
                              description=description, keywords=keywords, attributes=[],
                              is_active=is_active, order=order)
    category = Category.objects.create(code=code, **values)
    audit.record(actor=actor, action="create", entity="category", entity_id=category.pk,
                 summary=f"{code} {category.name}", after=values)
    return category


@transaction.atomic
def category_update(*, actor, category: Category, ledger: str, name: str,
                    deadline_working_days: int, public: bool, is_active: bool,
                    description: str = "", keywords: str = "", order: int | None = None
                    ) -> Category:
    """Change a category; its code and Open311 attributes stay. A category that already
    has cases keeps its ledger (each case carries the ledger it was filed in). A new
    deadline applies to cases received from now on."""
    _check_manager(actor)
    current = Category.objects.select_for_update().get(pk=category.pk)
    values = _category_values(ledger=ledger, name=name,
                              deadline_working_days=deadline_working_days, public=public,
                              description=description, keywords=keywords,
                              attributes=current.attributes, is_active=is_active,
                              order=current.order if order is None else order)
    if values["ledger"] != current.ledger and current.cases.exists():
        raise DomainError(_("This category already has cases; its ledger cannot change. "
                            "Deactivate it and create a new one instead."),
                          code=CaseErrorCode.HAS_CASES, field="ledger")
    before = _category_snapshot(current)
    for key, value in values.items():
        setattr(current, key, value)
    current.save()
    b, a = audit.diff(before, values)
    if a:
        audit.record(actor=actor, action="update", entity="category", entity_id=current.pk,
                     summary=f"{current.code} {current.name}", before=b, after=a)
    return current


@transaction.atomic
def holiday_set(*, actor, date: dt.date, is_workday: bool, name: str = "") -> Holiday:
    """Declare a public holiday or a make-up working day (调休). Deadlines already set on
    open cases keep their date; new cases use the new calendar."""
    _check_manager(actor)
    if not isinstance(date, dt.date):
        raise DomainError(_("Choose a date."), code=ErrorCode.REQUIRED, field="date")
    name = (name or "").strip()[:30]
    current = Holiday.objects.filter(date=date).first()
    before = ({"is_workday": current.is_workday, "name": current.name}
              if current is not None else None)
    holiday, _c = Holiday.objects.update_or_create(
        date=date, defaults={"is_workday": is_workday, "name": name})
    audit.record(actor=actor, action="holiday_set", entity="holiday", entity_id=str(date),
                 summary=f"{date} {'workday' if is_workday else 'holiday'} {name}",
                 before=before, after={"is_workday": is_workday, "name": name})
    return holiday


@transaction.atomic
def holiday_remove(*, actor, date: dt.date) -> None:
    """Return a day to the ordinary week (weekdays work, weekends rest); a day that is
    not in the calendar is left as it is."""
    _check_manager(actor)
    current = Holiday.objects.filter(date=date).first()
    if current is None:
        return
    current.delete()
    audit.record(actor=actor, action="holiday_remove", entity="holiday", entity_id=str(date),
                 summary=f"{date} {current.name}",
                 before={"is_workday": current.is_workday, "name": current.name})


def clean_params(kind: str, params: dict) -> dict:
    """Check each threshold of a rule against its spec; the result holds proper types."""
    from ..alerting import DEFAULTS
    from ..alerting.config import PARAMS

    unknown = set(params) - set(DEFAULTS[kind].params)
    if unknown:
        raise DomainError(_("Unknown thresholds: %(names)s") % {"names": ", ".join(sorted(unknown))},
                          field="params")
    out = {}
    for key, value in params.items():
        spec = PARAMS[key]
        label = str(spec.label)
        if spec.kind in ("int", "float"):
            try:
                number = int(value) if spec.kind == "int" else float(value)
            except (TypeError, ValueError):
                raise DomainError(_("%(name)s: enter a number.") % {"name": label},
                                  field=key) from None
            if isinstance(value, float) and spec.kind == "int" and value != int(value):
                raise DomainError(_("%(name)s: enter a whole number.") % {"name": label},
                                  field=key)
            if not spec.low <= number <= spec.high:
                raise DomainError(_("%(name)s: between %(low)s and %(high)s.")
                                  % {"name": label, "low": _num(spec.low),
                                     "high": _num(spec.high)}, field=key)
            out[key] = number
        elif spec.kind == "ledgers":
            ledgers = sorted(set(value or []))
            if not ledgers or not set(ledgers) <= set(Ledger.values):
                raise DomainError(_("%(name)s: choose at least one ledger.") % {"name": label},
                                  field=key)
            out[key] = ledgers
        elif spec.kind == "tag":
            from shequ.registry.models import Tag

            if not Tag.objects.filter(code=value).exists():
                raise DomainError(_("%(name)s: choose an existing tag.") % {"name": label},
                                  field=key)
            out[key] = value
    return out


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


@transaction.atomic
def warning_rule_set(*, actor, district: Area, kind: str, level: str, params: dict,
                     is_active: bool = True) -> WarningRule:
    """Set a district's thresholds for one rule; unknown parameters and values outside
    their range are refused. Only a manager whose scope covers the district may."""
    _check_manager(actor)
    if not case_policy.can(actor, Action.MANAGE_CATEGORIES, district):
        raise Forbidden()
    if district.kind != AreaKind.DISTRICT:
        raise DomainError(_("Rules are set per district."), field="district")
    if kind not in WarningKind.values:
        raise DomainError(_("Unknown rule."), field="kind")
    if level not in WarningLevel.values:
        raise DomainError(pgettext("alert", "Unknown level."), field="level")
    params = clean_params(kind, params or {})
    current = (WarningRule.objects.select_for_update()
               .filter(district=district, kind=kind).first())
    before = ({"level": current.level, "params": current.params, "active": current.is_active}
              if current is not None else None)
    rule, _c = WarningRule.objects.update_or_create(
        district=district, kind=kind,
        defaults={"level": level, "params": params, "is_active": is_active})
    after = {"level": level, "params": params, "active": is_active}
    b, a = audit.diff(before, after)
    audit.record(actor=actor, action="warning_rule_set", entity="warning_rule",
                 entity_id=rule.pk, summary=f"{district.code} {kind}", before=b, after=a)
    return rule
