"""What the 监委会 supervises: each app registers its subjects in its manifest
(``AppManifest.supervised``) and the supervision app gives all of them one mechanism —
comments and flags on a record or on the community's work, one weekly summary with a
section per subject, one stored, adjustable monthly score per person measured.

A subject is declared by the app that owns the records (cases in ``ledgers``, matters in
``deliberation``); supervision never imports those apps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from shequ.core import manifest


@dataclass(frozen=True)
class WeeklySection:
    """One subject's part of a community's weekly summary: a template that draws it with
    ``context``, and the same figures as rows and sheets for the Excel download."""

    title: object
    template: str
    context: Mapping[str, object]
    rows: Sequence[tuple[object, object]] = ()
    sheets: Sequence[tuple[object, Sequence[object], Sequence[Sequence[object]]]] = ()
    # Headline figures for the page's strip: (label, value).
    figures: Sequence[tuple[object, object]] = ()


@dataclass(frozen=True)
class Measure:
    """A column of the monthly score table: ``kind`` is "rate" (0..1, shown as %) or
    "count"."""

    key: str
    label: object
    kind: str = "count"


@dataclass(frozen=True)
class Scorer:
    """The monthly score of the people a subject measures (grid workers for cases, task
    owners for matters). ``people(community, month)`` → users; ``measure(person, community,
    month)`` → {measure key: value}; ``score(measures)`` → 0..100. ``criteria`` is stored
    with each score so a later change of weights does not rewrite history."""

    person_label: object
    people: Callable[[object, dt.date], Sequence[object]]
    measure: Callable[[object, object, dt.date], dict]
    score: Callable[[dict], float]
    criteria: Mapping[str, object]
    criteria_text: object
    measures: Sequence[Measure] = ()
    max_adjustment: float = 10.0


@dataclass(frozen=True)
class Subject:
    kind: str  # stable code stored on comments and scores: "case", "matter"
    label: object
    model: type
    # May ``actor`` see this record? (the owning app's policy)
    can_view: Callable[[object, object], bool]
    url: Callable[[object], str]
    title: Callable[[object], str] = str
    weekly: Callable[..., WeeklySection | None] | None = None
    scorer: Scorer | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


def subjects() -> dict[str, Subject]:
    """Every registered subject by kind (the manifests are read at call time)."""
    return {s.kind: s for s in manifest.supervised()}


def subject(kind: str) -> Subject | None:
    return subjects().get(kind)


def kind_of(obj) -> str | None:
    for s in manifest.supervised():
        if isinstance(obj, s.model):
            return s.kind
    return None


def scored() -> dict[str, Subject]:
    return {k: s for k, s in subjects().items() if s.scorer is not None}
