"""What the audit trail's codes mean to a person: the labels of actions, record types and
fields, and values written for reading (是/否, dates, lists, choices by their label).

Each app registers the actions it records and its record types in ``AppConfig.ready()``
(``register(actions=…, entities=…, fields=…)``), so the audit page names every row without
importing the apps. A record type given as a model also lends its fields' verbose names
and choice labels. Only the reading side uses this; ``core.audit`` writes codes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_actions: dict[str, object] = {}
_entities: dict[str, object] = {}  # code -> label or model class
_fields: dict[str, object] = {}

EMPTY = "—"
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")


def register(*, actions: dict | None = None, entities: dict | None = None,
             fields: dict | None = None) -> None:
    """Add labels: ``actions`` code → label, ``entities`` code → label or model, ``fields``
    name → label (for keys that are no model field)."""
    _actions.update(actions or {})
    _entities.update(entities or {})
    _fields.update(fields or {})


def action_label(code: str) -> str:
    return str(_actions.get(code, code))


def action_choices() -> list[tuple[str, str]]:
    """(code, label) of every registered action, by label."""
    return sorted(((c, str(label)) for c, label in _actions.items()), key=lambda t: t[1])


def entity_label(code: str) -> str:
    entity = _entities.get(code)
    if entity is None:
        return code
    meta = getattr(entity, "_meta", None)
    return str(meta.verbose_name if meta else entity)


def entity_choices() -> list[tuple[str, str]]:
    return sorted(((c, entity_label(c)) for c in _entities), key=lambda t: t[1])


def _matching(text: str, codes, label_of) -> list[str]:
    """Codes equal to ``text``, starting with it, or whose label (in the page's language)
    contains it; ``text`` itself too, so an unregistered code is still found."""
    text = text.strip()
    needle = text.casefold()
    found = {c for c in codes if c.startswith(needle) or needle in label_of(c).casefold()}
    found.add(text)
    return sorted(found)


def action_codes(text: str) -> list[str]:
    """The action codes a search for ``text`` (a code or a word of a label) means."""
    return _matching(text, _actions, action_label)


def entity_codes(text: str) -> list[str]:
    return _matching(text, _entities, entity_label)


def _model_field(entity: str, name: str):
    model = _entities.get(entity)
    if getattr(model, "_meta", None) is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(entity: str, name: str) -> str:
    field = _model_field(entity, name)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return str(_fields.get(name, name))


def readable(value, field=None) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(pgettext_lazy("audit value", "Yes") if value else pgettext_lazy("audit value", "No"))
    if isinstance(value, list | tuple):
        return "、".join(readable(v, field) for v in value) if value else EMPTY
    if isinstance(value, dict):
        return "；".join(f"{k}：{readable(v)}" for k, v in value.items()) if value else EMPTY
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{moment:%Y-%m-%d %H:%M}"
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the record had no such value (a creation)
    after: str | None  # None: removed


def changes(entity: str, before: dict | None, after: dict | None) -> list[Change]:
    """Field by field, before → after, in the order the service wrote them."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change(str(_("Value")), readable(before) if before else None,
                       readable(after) if after else None)]
    keys = list(before) + [k for k in after if k not in before]
    out = []
    for key in keys:
        field = _model_field(entity, key)
        out.append(Change(
            field_label(entity, key),
            readable(before[key], field) if key in before else None,
            readable(after[key], field) if key in after else None,
        ))
    return out
