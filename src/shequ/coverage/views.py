"""The set-up checklist page and the filtered lists its counts link to."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from shequ.core.kit import Column, ListPage

from . import selectors


@login_required
@require_GET
def checklist(request, area_id=None):
    area = selectors.checklist_area_for_actor(request.user, request.GET.get("area") or area_id)
    items = selectors.setup_checklist(request.user, area)
    return render(request, "coverage/checklist.html", {
        "area": area, "items": items, "choices": selectors.checklist_area_choices(request.user),
        "done": all(i["count"] == 0 for i in items),
    })


class Records(ListPage):
    """The records behind one count of the checklist (grids without a worker…), each
    linking to where it is put right."""

    page_size, counted, row_key = 50, True, "record"
    empty_text = gettext_lazy("Nothing left to do here.")
    template_name = "coverage/records.html"

    def check(self):
        self.area = selectors.checklist_area_for_actor(self.request.user, self.kwargs["area_id"])
        self.check_, self.qs = selectors.check_records(self.request.user, self.area,
                                                       self.kwargs["key"])
        self.title = self.check_.label

    def rows(self, filters):
        return self.qs

    def get_columns(self):
        """Each check describes its rows (``Check.row``: title, meta, sub, url) once."""
        described: dict = {}

        def cell(key):
            def value(record):
                if record.pk not in described:
                    described[record.pk] = self.check_.row(record)
                return described[record.pk][key] or ""
            return value

        return [Column(self.check_.label, cell("title"), link=cell("url")),
                Column("", cell("meta")), Column("", cell("sub"))]

    def context(self):
        return {"area": self.area, "check": self.check_, "table_testid": "records"}
