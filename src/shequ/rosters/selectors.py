"""Reads for roster import and export."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from shequ.core.errors import NotFound
from shequ.core.scoping import may
from shequ.registry.models import Resident
from shequ.territory.models import Area

from .models import ExportJob, ImportJob

_CHUNK = 900  # under SQLite's old 999-variable limit


def residents_by_id_hash(id_hashes: list[str]) -> dict[str, dict]:
    """The registered residents with these ID hashes, wherever they live. Deliberately not
    scoped: an import must notice a person already registered in another community. Only
    keys and masked or non-personal columns are read."""
    out: dict[str, dict] = {}
    columns = ("id", "id_number_hash", "path", "is_active", "name", "phone_hash",
               "household_id", "relation", "ethnicity", "political_status", "residence_type",
               "note")
    unique = sorted(set(id_hashes))
    for i in range(0, len(unique), _CHUNK):
        chunk = unique[i:i + _CHUNK]
        for values in Resident.objects.filter(id_number_hash__in=chunk).values(*columns):
            out[values["id_number_hash"]] = values
    return out


def tags_of_residents(resident_ids: list[int]) -> dict[int, tuple[int, ...]]:
    """{resident id: ids of their tags}. Not scoped, like ``residents_by_id_hash``."""
    through = Resident.tags.through
    out: dict[int, list[int]] = {}
    ids = sorted(resident_ids)
    for i in range(0, len(ids), _CHUNK):
        for rid, tid in through.objects.filter(resident_id__in=ids[i:i + _CHUNK]).order_by(
                "id").values_list("resident_id", "tag_id"):
            out.setdefault(rid, []).append(tid)
    return {rid: tuple(t) for rid, t in out.items()}


def heads_of_households(household_ids: list[int]) -> dict[int, tuple[int, str]]:
    """{household id: (resident id, name)} of the active heads (户主) of these households.
    Not scoped, like ``residents_by_id_hash``: the import must respect every head."""
    out: dict[int, tuple[int, str]] = {}
    for i in range(0, len(household_ids), _CHUNK):
        for rid, hid, name in Resident.objects.filter(
                household_id__in=household_ids[i:i + _CHUNK], relation="head",
                is_active=True).values_list("id", "household_id", "name"):
            out[hid] = (rid, name)
    return out


def area_get_for_actor(actor, code: str, action: str, *, kinds: tuple[str, ...] | None = None
                       ) -> Area:
    """An area by its code that the actor's scope for ``action`` covers entirely. Unknown
    and out-of-scope codes give the same NotFound. The system (CLI) reaches every area."""
    area = Area.objects.filter(code=(code or "").strip()).first()
    if area is None or (kinds and area.kind not in kinds):
        raise NotFound(field="community")
    if not may(actor, action, area.path):
        raise NotFound(field="community")
    return area


def communities_for_import(actor) -> QuerySet[Area]:
    """Communities whose whole subtree the actor may edit people in."""
    return Area.objects.in_scope(actor.scope_for("edit_people")).filter(
        kind="community").order_by("path")


def grids_for_import(actor) -> QuerySet[Area]:
    return Area.objects.in_scope(actor.scope_for("edit_people")).filter(
        kind="grid", parent__in=communities_for_import(actor)).order_by("path")


def areas_for_export(actor) -> QuerySet[Area]:
    """Areas (district to grid) the actor may export in full."""
    return Area.objects.in_scope(actor.scope_for("export_people")).order_by("path")


def grids_of(community: Area) -> QuerySet[Area]:
    return Area.objects.filter(parent=community, kind="grid").order_by("path")


def import_jobs_of(actor, limit: int = 10) -> list[ImportJob]:
    return list(ImportJob.objects.filter(created_by=actor).select_related("community")[:limit])


def export_jobs_of(actor, limit: int = 10) -> list[ExportJob]:
    return list(ExportJob.objects.filter(created_by=actor).select_related("area")[:limit])


def _own_job(model, actor, job_id, *related: str):
    """A job of the actor's own: its files hold personal data, so only its creator sees it.
    NotFound for missing and for someone else's job alike."""
    try:
        return model.objects.select_related(*related).get(pk=job_id, created_by=actor)
    except (model.DoesNotExist, ValidationError, ValueError, TypeError):
        raise NotFound() from None


def import_job_get_for_actor(actor, job_id) -> ImportJob:
    """An import job of the actor's own (NotFound otherwise)."""
    return _own_job(ImportJob, actor, job_id, "community", "grid")


def export_job_get_for_actor(actor, job_id) -> ExportJob:
    """An export job of the actor's own (NotFound otherwise). Whether their scope still
    covers the area is checked on download (``services.export_job_open``)."""
    return _own_job(ExportJob, actor, job_id, "area")
