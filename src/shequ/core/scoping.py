"""The scoping engine: the one place that turns an actor's grants into a query filter.

Every territory node has a materialised path of fixed-width segments (``01.03.012.007``).
Records that belong to a node carry a copy of that node's path in an indexed column. A
grant on node P admits the records whose path lies in ``[P, P~)`` — a range an ordinary
B-tree index serves on SQLite and PostgreSQL alike ('~' sorts after digits and '.').

Models opt in by using :class:`ScopedQuerySet` and naming ``scope_path_field``; selectors
call ``Model.objects.for_actor(actor, action)``. The actor supplies its :class:`Scope` via
``actor.scope_for(action)`` (implemented by accounts.User), so core imports no app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

PATH_END = "~"


def _minimal(paths: Iterable[str]) -> tuple[str, ...]:
    """Drop paths covered by another path in the set (descendants of a granted node)."""
    out: list[str] = []
    for p in sorted(set(paths)):
        if out and (p == out[-1] or p.startswith(out[-1] + ".")):
            continue
        out.append(p)
    return tuple(out)


@dataclass(frozen=True)
class Scope:
    """What an actor may reach for one action: territory subtrees and, for residents and
    party members, their own records (``self_ids`` keyed by id-set name, e.g. "resident")."""

    paths: tuple[str, ...] = ()
    self_ids: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, paths: Iterable[str], self_ids: dict[str, Iterable[int]] | None = None):
        return cls(
            paths=_minimal(paths),
            self_ids={k: frozenset(v) for k, v in (self_ids or {}).items() if v},
        )

    @property
    def is_empty(self) -> bool:
        return not self.paths and not self.self_ids

    def covers_path(self, path: str) -> bool:
        return any(path == p or path.startswith(p + ".") for p in self.paths)

    def path_q(self, field_name: str = "path") -> Q:
        q = Q(pk__in=[])
        for p in self.paths:
            q |= Q(**{f"{field_name}__gte": p, f"{field_name}__lt": p + PATH_END})
        return q

    def q_for(self, model) -> Q:
        q = self.path_q(model.scope_path_field)
        for id_set, lookup in getattr(model, "scope_self_lookups", {}).items():
            ids = self.self_ids.get(id_set)
            if ids:
                q |= Q(**{f"{lookup}__in": sorted(ids)})
        return q


NOTHING = Scope()


@dataclass(frozen=True)
class _Everywhere(Scope):
    """The system actor's scope for every action: every place, every record."""

    @property
    def is_empty(self) -> bool:
        return False

    def covers_path(self, path: str) -> bool:
        return True

    def path_q(self, field_name: str = "path") -> Q:
        return Q()

    def q_for(self, model) -> Q:
        return Q()


EVERYWHERE = _Everywhere()


class ScopedQuerySet(models.QuerySet):
    def for_actor(self, actor, action: str):
        """Rows of this model the actor may reach for ``action``; none for anonymous, all
        for the system actor (``core.actors.SYSTEM``)."""
        from .actors import is_system

        if is_system(actor):
            return self.all()
        if actor is None or not getattr(actor, "is_authenticated", False):
            return self.none()
        scope = actor.scope_for(action)
        if scope.is_empty:
            return self.none()
        return self.filter(scope.q_for(self.model))

    def in_scope(self, scope: Scope):
        if scope.is_empty:
            return self.none()
        return self.filter(scope.q_for(self.model))


# -- checks on one record's place ---------------------------------------------------------
def may(actor, action: str, path: str) -> bool:
    """Whether ``actor`` holds ``action`` over the place ``path``; :data:`core.actors.SYSTEM`
    holds everything, ``None`` and anonymous users nothing. Apps ask their policy
    (``core.policies``) instead; this remains for the services of the modules not yet moved
    onto one."""
    from .actors import is_system

    if is_system(actor):
        return True
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return actor.scope_for(action).covers_path(path)


def require_at(actor, action: str, path: str, *, view_action: str) -> None:
    """Refuse unless ``actor`` holds ``action`` over ``path``. Someone who may not even
    ``view_action`` there is told the record does not exist (NotFound), so refusals never
    confirm what lies outside a scope; someone who sees it but may not act is Forbidden."""
    from .errors import Forbidden, NotFound

    if may(actor, action, path):
        return
    if not may(actor, view_action, path):
        raise NotFound()
    raise Forbidden()
