"""One registration per app (Decidim's component manifests are the model).

Every app plugs into the shell with one call from ``AppConfig.ready()``::

    manifest.register(manifest.AppManifest(
        label="courses",
        role_actions={Role.COMMUNITY_STAFF: {Action.VIEW_COURSES, …}, …},
        policies=[CoursePolicy(Course), …],
        menu=[MenuItem(…), …],
        path_followers=[PathFollower(Enrolment, "resident__household__entrance__building")],
        move_hooks=[…], home_panels=[HomePanel(…)], sections=[Section(…)],
        audit_labels=AuditLabels(…),
        retention=[retention.Policy(…)], figures=[figures.Figure(…)], import_kinds=[…]))

The manifest is the app's whole contract with the shell: which actions its roles hold
(the role table is composed from every manifest, nobody mutates another app's table),
which permission policy answers for each of its models, its menu entries and home panels,
which of its rows copy a building's path and follow a move, what its audit codes mean, the
retention categories it enforces, the figures it offers the dashboard (``figures``:
``core.figures.Figure``, each a scoped per-child-area count with its drill-down list) and the
kinds of file it imports. Core never imports an app: the apps
come to it (and ``error_codes``, each app's ``AppErrorCode`` enums, which the API
schema lists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from . import auditlabels, home, menus, policies, retention, sections
from .figures import Figure


@dataclass(frozen=True)
class PathFollower:
    """Rows of ``model`` copy the path of the building reached by ``building_lookup``: a
    building move (and a resident's move, for lookups through a resident) rewrites them in
    the same transaction."""

    model: type
    building_lookup: str


@dataclass(frozen=True)
class EncryptedColumns:
    """Columns of ``model`` holding ``core.crypto`` ciphertext (phones, incomes) outside the
    registry and accounts: ``shequ rotate_keys`` re-encrypts them under a new primary key,
    so dropping the old key loses nothing. ``entity`` names the audit row, ``label`` the
    rows in the command's output."""

    model: type
    fields: tuple[str, ...]
    entity: str
    label: str


@dataclass(frozen=True)
class AuditLabels:
    """What the app's audit codes mean (see ``core.auditlabels.register``)."""

    actions: Mapping[str, object] = field(default_factory=dict)
    entities: Mapping[str, object] = field(default_factory=dict)
    fields: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class AppManifest:
    label: str
    role_actions: Mapping[str, Iterable[str]] = field(default_factory=dict)
    policies: Iterable[policies.ModelPolicy] = ()
    menu: Iterable[menus.MenuItem] = ()
    path_followers: Iterable[PathFollower] = ()
    # Called as fn(resident=…) inside the transaction after a resident changes household,
    # for what a path copy cannot express.
    move_hooks: Iterable[Callable[..., None]] = ()
    # Called as fn(actor=…, area=…, old_path=…) inside the transaction after a whole area
    # (a community, a grid) moved under another parent and every copied path was rewritten:
    # for what a path cannot express (a party organisation's parent); raise to refuse.
    area_move_hooks: Iterable[Callable[..., None]] = ()
    home_panels: Iterable[home.HomePanel] = ()
    audit_labels: AuditLabels | None = None
    retention: Iterable[retention.Policy] = ()
    # What it offers the dashboard (``core.figures.Figure``: see that module).
    figures: Iterable[Figure] = ()
    # Kinds of file the importer accepts for this app (filled by the importer).
    import_kinds: Iterable[object] = ()
    # The app's error codes (``core.errors.AppErrorCode`` subclasses), for the API schema.
    error_codes: Iterable[type] = ()
    # Sections it adds to other apps' record pages (``core.sections.Section``).
    sections: Iterable[sections.Section] = ()
    # What the 监委会 supervises in this app (``supervision.subjects.Subject``): comments and
    # flags on its records, its part of the weekly summary, the monthly score it measures.
    supervised: Iterable[object] = ()
    # Who speaks for which unit (驻区单位): fn(user) -> the ids of the units the account
    # answers for (a unit liaison's). An app in a lower band than the one that keeps the link
    # (deliberation's resolutions for a unit) asks ``units_of`` instead of importing it.
    account_units: Iterable[Callable[[object], Iterable[int]]] = ()
    # Household visits a grid worker logs in this app without filing a case:
    # fn(worker, community_path, start, end) -> int. The grid workers' monthly score (ledgers)
    # adds every manifest's count to the visits that became a case.
    visit_counters: Iterable[Callable[..., int]] = ()
    # Its encrypted columns, for key rotation (``EncryptedColumns``).
    encrypted: Iterable[EncryptedColumns] = ()


_manifests: dict[str, AppManifest] = {}
_role_table: dict[str, frozenset[str]] = {}


def register(manifest: AppManifest) -> None:
    """Plug an app into the shell. Called once, from its ``AppConfig.ready()``; a second
    call for the same label replaces the first (every registry below is keyed)."""
    manifest = AppManifest(**{
        **manifest.__dict__,
        "role_actions": {role: frozenset(a) for role, a in manifest.role_actions.items()},
        "policies": tuple(manifest.policies), "menu": tuple(manifest.menu),
        "path_followers": tuple(manifest.path_followers),
        "move_hooks": tuple(manifest.move_hooks),
        "area_move_hooks": tuple(manifest.area_move_hooks), "home_panels": tuple(manifest.home_panels),
        "retention": tuple(manifest.retention), "figures": tuple(manifest.figures),
        "import_kinds": tuple(manifest.import_kinds),
        "error_codes": tuple(manifest.error_codes), "sections": tuple(manifest.sections),
        "supervised": tuple(manifest.supervised),
        "account_units": tuple(manifest.account_units),
        "visit_counters": tuple(manifest.visit_counters),
        "encrypted": tuple(manifest.encrypted),
    })
    _manifests[manifest.label] = manifest
    table: dict[str, frozenset[str]] = {}
    for m in _manifests.values():
        for role, actions in m.role_actions.items():
            table[role] = table.get(role, frozenset()) | actions
    _role_table.clear()
    _role_table.update(table)
    for policy in manifest.policies:
        policies.register(policy)
    for item in manifest.menu:
        menus.register(item)
    for panel in manifest.home_panels:
        home.register(panel)
    for section in manifest.sections:
        sections.register(section)
    if manifest.audit_labels is not None:
        auditlabels.register(actions=dict(manifest.audit_labels.actions),
                             entities=dict(manifest.audit_labels.entities),
                             fields=dict(manifest.audit_labels.fields))
    for category in manifest.retention:
        retention.register(category=category.category, label=category.label,
                           disposal=category.disposal, apply=category.apply)


def manifests() -> list[AppManifest]:
    return list(_manifests.values())


def get(label: str) -> AppManifest:
    return _manifests[label]


def role_actions() -> dict[str, frozenset[str]]:
    """The role table: role → every action some app's manifest gives it."""
    return dict(_role_table)


def actions_of(role: str) -> frozenset[str]:
    return _role_table.get(role, frozenset())


def known_actions() -> list[str]:
    return sorted({a for actions in _role_table.values() for a in actions})


def path_followers() -> list[PathFollower]:
    return [f for m in _manifests.values() for f in m.path_followers]


def move_hooks() -> list[Callable[..., None]]:
    return [h for m in _manifests.values() for h in m.move_hooks]


def area_move_hooks() -> list[Callable[..., None]]:
    return [h for m in _manifests.values() for h in m.area_move_hooks]


def figures() -> list[Figure]:
    """Every app's dashboard figures, in their declared order."""
    return sorted((f for m in _manifests.values() for f in m.figures),
                  key=lambda f: (f.order, f.key))


def error_codes() -> list[str]:
    """Every error code the apps declare, sorted (the shared ones are core.errors')."""
    return sorted({str(code) for m in _manifests.values() for enum in m.error_codes
                   for code in enum})


def import_kinds() -> list[object]:
    return [k for m in _manifests.values() for k in m.import_kinds]


def supervised() -> list[object]:
    return [s for m in _manifests.values() for s in m.supervised]


def visit_counters() -> list[Callable[..., int]]:
    """Every app's counters of household visits logged outside the ledgers."""
    return [c for m in _manifests.values() for c in m.visit_counters]


def units_of(user) -> frozenset[int]:
    """The ids of the units ``user`` answers for, from every manifest's ``account_units``
    (one query per app that declares one; none for nobody or the system)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(
            user, "pk", None):
        return frozenset()
    return frozenset(u for m in _manifests.values() for fn in m.account_units for u in fn(user))


def encrypted_columns() -> list[EncryptedColumns]:
    return [e for m in _manifests.values() for e in m.encrypted]
