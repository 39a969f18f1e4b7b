"""Rule defaults and each district's settings. A district without a ``WarningRule`` row
for a kind uses the default below; a row's ``params`` override the defaults key by key."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from shequ.territory.models import Area, AreaKind

from ..models import WarningKind as K
from ..models import WarningLevel as L
from ..models import WarningRule


@dataclass(frozen=True)
class RuleDefault:
    level: str
    params: dict


DEFAULTS: dict[str, RuleDefault] = {
    # N cases of one category in one grid within the window.
    K.CLUSTER: RuleDefault(L.ORANGE, {"count": 5, "window_days": 7}),
    # One person (same phone, or same registered resident) files N cases in these ledgers.
    K.REPEAT: RuleDefault(L.ORANGE, {"count": 3, "window_days": 30, "ledgers": ["appeal"]}),
    # Any stability case about (or from) a resident tagged 重点人员.
    K.KEY_PERSON: RuleDefault(L.RED, {"tag": "key_person", "window_days": 30}),
    # Yellow when due within ``soon_hours``; the level below once overdue; red after
    # ``red_after_days`` days overdue.
    K.DEADLINE: RuleDefault(L.ORANGE, {"soon_hours": 24, "red_after_days": 5}),
    # This week's cases in a grid (last 7 days) > mean + sigmas × sd of its previous
    # ``weeks`` weekly counts, and at least ``minimum``.
    K.SPIKE: RuleDefault(L.YELLOW, {"weeks": 8, "sigmas": 3.0, "minimum": 5}),
}


@dataclass(frozen=True)
class ParamSpec:
    """What one threshold may be: ``kind`` int, float, ledgers (a list of ledger codes) or
    tag (a registry tag code), and for numbers the inclusive range."""

    kind: str
    label: str
    low: float = 0
    high: float = 0


PARAMS: dict[str, ParamSpec] = {
    "count": ParamSpec("int", _("Number of cases"), 2, 1000),
    "window_days": ParamSpec("int", _("Within (days)"), 1, 365),
    "ledgers": ParamSpec("ledgers", _("Ledgers counted")),
    "tag": ParamSpec("tag", _("Tag that marks a key person")),
    "soon_hours": ParamSpec("int", _("Warn when due within (hours)"), 1, 240),
    "red_after_days": ParamSpec("int", _("Red once overdue for (days)"), 1, 90),
    "weeks": ParamSpec("int", _("Weeks of history compared"), 2, 52),
    "sigmas": ParamSpec("float", _("Standard deviations above the mean"), 0.5, 10),
    "minimum": ParamSpec("int", _("At least this many cases in the week"), 1, 1000),
}


@dataclass(frozen=True)
class RuleSetting:
    kind: str
    active: bool
    level: str
    params: dict = field(default_factory=dict)


class Settings:
    """Rule settings of every district, loaded once per evaluation."""

    def __init__(self):
        self.districts = {a.path: a for a in Area.objects.filter(kind=AreaKind.DISTRICT)}
        self._rows = {(r.district_id, r.kind): r for r in WarningRule.objects.all()}

    def district_for(self, path: str) -> Area | None:
        return self.districts.get(path.split(".", 1)[0])

    def rule(self, district: Area, kind: str) -> RuleSetting:
        default = DEFAULTS[kind]
        row = self._rows.get((district.pk, kind))
        if row is None:
            return RuleSetting(kind, True, default.level, dict(default.params))
        return RuleSetting(kind, row.is_active, row.level, {**default.params, **row.params})



class DistrictSettings:
    """One district's rule settings, for evaluating a single new case: one query for its
    rule rows; the district row itself only if a warning is to be written."""

    def __init__(self, case_path: str):
        self.path = case_path.split(".", 1)[0]
        self._rows = {r.kind: r for r in WarningRule.objects.filter(district__path=self.path)}
        self._district: Area | None = None

    @property
    def district(self) -> Area | None:
        if self._district is None:
            self._district = Area.objects.filter(path=self.path,
                                                 kind=AreaKind.DISTRICT).first()
        return self._district

    def rule(self, kind: str) -> RuleSetting:
        default = DEFAULTS[kind]
        row = self._rows.get(kind)
        if row is None:
            return RuleSetting(kind, True, default.level, dict(default.params))
        return RuleSetting(kind, row.is_active, row.level, {**default.params, **row.params})
