"""Audiences beyond the territory: the apps that own a kind of group (party organisations,
in ``registry``) register how to place its groups and turn them into accounts, so a notice
may be addressed to them without ``notices`` importing those apps (they sit above it).

``places(ids) -> {id: path}`` (the scope check: each group must lie in the notice's area),
``users(ids) -> iterable of user ids`` (the audience: linked, active accounts) and
``choices(actor) -> [(id, label)]`` (the groups the new-notice form offers the actor)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

PARTY_ORG = "party_org"


@dataclass(frozen=True)
class Audience:
    key: str
    places: Callable[[list[int]], dict[int, str]]
    users: Callable[[list[int]], Iterable[int]]
    choices: Callable[[object], list[tuple[int, str]]] = lambda actor: []


_audiences: dict[str, Audience] = {}


def register(audience: Audience) -> None:
    _audiences[audience.key] = audience


def get(key: str) -> Audience | None:
    return _audiences.get(key)


def choices(key: str, actor) -> list[tuple[int, str]]:
    audience = _audiences.get(key)
    return audience.choices(actor) if audience is not None else []
