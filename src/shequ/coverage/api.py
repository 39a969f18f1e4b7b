"""The set-up checklist over the API (/api/v1/coverage/).

GET areas/{id}/checklist            [{key, label, help, count, url}] for an area the caller
                                    administers (manage_territory); 404 otherwise
GET areas/{id}/checklist/{key}      ?limit=&cursor= the records behind one count
"""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Query, Router, Schema

from shequ.core.keyset import keyset_page
from shequ.core.params import Id

from . import selectors

router = Router(tags=["coverage"])


class CheckOut(Schema):
    key: str
    label: str
    help: str
    count: int
    url: str = Field(description="the records behind the count")


class ChecklistOut(Schema):
    area_id: int
    area: str
    checks: list[CheckOut]


class RecordOut(Schema):
    id: int
    title: str
    meta: str
    sub: str
    url: str


class RecordPage(Schema):
    items: list[RecordOut]
    next_cursor: str | None


class PageQuery(Schema):
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400)


@router.get("/areas/{area_id}/checklist", response=ChecklistOut)
def checklist(request, area_id: Id):
    """What is not yet set up in an area (组织和工作全覆盖), one count per check."""
    area = selectors.checklist_area_for_actor(request.auth, area_id)
    checks = [{**c, "label": str(c["label"]), "help": str(c["help"]),
               "url": f"/api/v1/coverage/areas/{area.pk}/checklist/{c['key']}"}
              for c in selectors.setup_checklist(request.auth, area)]
    return {"area_id": area.pk, "area": area.name, "checks": checks}


@router.get("/areas/{area_id}/checklist/{key}", response=RecordPage)
def check_records(request, area_id: Id, key: str, page: Query[PageQuery]):
    """The records behind one check, cursor-paginated."""
    area = selectors.checklist_area_for_actor(request.auth, area_id)
    check, qs = selectors.check_records(request.auth, area, key)
    items, next_cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": [check.row(r) for r in items], "next_cursor": next_cursor}
