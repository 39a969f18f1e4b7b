"""The page kit: a module's staff list and form pages, declared instead of written.

``ListPage`` — columns, a filter form (its ``q`` field is the search box), keyset pages in
both directions (core.keyset), the same rows as CSV/XLSX (core.downloads), an empty state
and a phone layout (a table that becomes cards). ``FormPage`` — create or edit through one
service call; a ``DomainError`` becomes an error on the field it names (or the form), an
optional confirmation step guards destructive saves. Missing or out-of-scope objects and
refused roles are not handled here: the views raise ``NotFound``/``Forbidden`` and
``core.middleware.DomainErrorMiddleware`` answers 404/403.

The templates are ``core/kit/list.html`` (its results, ``_results.html``, with the table
``_table.html``), ``form.html``, ``confirm.html`` and ``pager.html``, styled by
``static/shequ/kit.css``; a module may extend the list (blocks ``crumbs``, ``intro``,
``before_rows``, ``after_rows``; ``rows_template`` draws its own rows instead of the table;
``pager_path`` in ``context()`` makes the page links absolute), render one cell with a
template of its own (``Column.template``: a badge, a button), and extend the form (blocks
``intro``, ``fields``). A list may search as the user types (``live``: htmx fetches the
results alone) and show its count (``counted``). ``DetailPage`` is an object's own page
carrying its edit form (a module template). docs/architecture.md shows ``courses`` built on
it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import downloads, keyset
from .errors import DomainError, Forbidden, NotFound
from .freetext import form_refusal


# -- helpers for hand-written views ------------------------------------------------------------
def need(user, action: str) -> None:
    """A role without ``action`` gets the same 404 as a missing page."""
    if not user.can(action):
        raise NotFound()


def save_form(form: forms.Form, fn: Callable, /, *args, **kwargs):
    """Run one service for a valid form and return its result; a refusal becomes an error
    on the field it names (or the whole form) and None is returned. Missing, out of scope
    (404) and a role that may see but not act (403) are left to the middleware."""
    try:
        return fn(*args, **kwargs)
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def act(request, fn: Callable, success: str | Callable[[Any], str], back: str, **kwargs):
    """A button's POST: run the service as the user, show its refusal or ``success`` (a
    message, or a function of the service's result giving one) as a message, and go
    ``back``. Missing or out of scope is a 404."""
    try:
        result = fn(actor=request.user, **kwargs)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        text = success(result) if callable(success) else success
        if text:
            messages.success(request, text)
    return redirect(back)


def act_form(request, form: forms.Form, fn: Callable, success: str, back: str, *,
             refusal: str = "", **kwargs):
    """A button's POST that carries a small form (a reason, a note): an invalid form is a
    message (``refusal``, else what the form says) and nothing runs; a valid one runs the
    service with its fields as ``act`` does."""
    if not form.is_valid():
        messages.error(request, refusal or form_refusal(form))
        return redirect(back)
    return act(request, fn, success, back, **kwargs, **form.cleaned_data)


def offer(form: forms.Form, name: str, queryset) -> None:
    """Offer ``queryset`` in the form's choice field ``name``, already chosen when it holds
    one row; ``None`` removes the field (an edit keeps what was chosen at creation)."""
    if queryset is None:
        del form.fields[name]
        return
    form.fields[name].queryset = queryset
    if queryset.count() == 1:
        form.fields[name].initial = queryset.first()


def qr_svg(url: str, *, scale: int = 5) -> str:
    """An inline SVG QR code of ``url`` (a check-in link) for a page to show."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup


def poll(request, *, running: bool, template: str, context: dict):
    """The fragment htmx polls while a background job runs (a progress bar); once the job
    has stopped, 204 with ``HX-Refresh`` so the page reloads and shows the outcome."""
    if not running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, template, context)


def attachment(path: str | None, filename: str) -> FileResponse:
    """A stored file (an error workbook) as a download; a 404 once it is gone."""
    if not path or not os.path.exists(path):
        raise NotFound()
    return FileResponse(open(path, "rb"), as_attachment=True, filename=filename)  # noqa: SIM115


def confirm_first(request, *, title: str, question: str, back: str):
    """A destructive POST shows a confirmation page first (the posted fields carried over
    as hidden inputs); None once the user has confirmed."""
    if request.POST.get("confirmed") == "1":
        return None
    carried = [(k, v) for k, values in request.POST.lists() if k != "csrfmiddlewaretoken"
               for v in values]
    return render(request, "core/kit/confirm.html", {
        "title": title, "question": question, "back": back, "carried": carried})


class YesNoField(forms.TypedChoiceField):
    """A list filter's All / Yes / No choice; cleans to None, True or False."""

    def __init__(self, *, label, required=False, **kwargs):
        super().__init__(label=label, required=required, coerce=lambda v: v == "1",
                         empty_value=None, choices=[("", gettext_lazy("All")),
                                                    ("1", gettext_lazy("Yes")),
                                                    ("0", gettext_lazy("No"))], **kwargs)


# -- the list page -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column of a list and of its download. ``value`` is an attribute path
    ("community.name", a ``get_*_display`` method included) or a function of the row;
    ``link`` a function giving the row's URL (the column is then the row's title on a
    phone); ``page=False`` keeps a column for the download only; ``template`` renders the
    cell on the page from ``row`` and ``value`` (a status tag, the row's buttons — give
    such a column ``download=False``)."""

    label: str
    value: str | Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    download: bool = True
    page: bool = True                  # False: in the download only
    template: str = ""                 # a template for the cell on the page

    def of(self, row):
        if callable(self.value):
            return self.value(row)
        out = row
        for part in self.value.split("."):
            out = getattr(out, part, None) if out is not None else None
            if callable(out):
                out = out()
        return out


def table_rows(columns: Sequence[Column], rows: Iterable) -> list:
    """``rows`` as ``core/kit/_table.html`` shows them: (row, [(column, value, url)…])."""
    return [(row, [(c, c.of(row), c.link(row) if c.link else "") for c in columns])
            for row in rows]


class ListPage(LoginRequiredMixin, View):
    """Subclass with ``title``, ``columns`` and ``rows()``; the rest is optional."""

    title: str = ""
    action: str | None = None          # the Action a user needs to see the list (404 without)
    columns: Sequence[Column] = ()
    filter_form: type[forms.Form] | None = None
    download_name: str = ""            # "" : no CSV/XLSX download
    download_action: str | None = None  # the Action a user needs to download (else: any)
    page_size: int = 30
    row_key: str = "row"               # each row carries data-<row_key>="<pk>"
    empty_text = gettext_lazy("Nothing to show.")
    no_match_text = ""                 # said instead when a search or filter finds nothing
    live: bool = False                 # search as the user types (htmx swaps #results)
    counted: bool = False              # show count_text() above the rows (a capped count)
    rows_template = "core/kit/_table.html"  # the rows when there are some (a module's own list)
    template_name = "core/kit/list.html"

    def rows(self, filters: dict):
        """The scoped queryset for the cleaned filters (``{}`` when none or invalid)."""
        raise NotImplementedError

    def filter_form_kwargs(self) -> dict:
        return {}

    def get_filter_form(self):
        if self.filter_form is None:
            return None
        return self.filter_form(self.request.GET or None, **self.filter_form_kwargs())

    def get_columns(self) -> Sequence[Column]:
        """``columns``, or columns that depend on the user (a link only managers follow)."""
        return self.columns

    def actions(self) -> Iterable[tuple[str, str]]:
        """Buttons in the page head: (label, url); the first is the primary one."""
        return ()

    def context(self) -> dict:
        """More for the template; ``self.page`` (core.keyset.Page) holds the rows shown."""
        return {}

    def check(self) -> None:
        """Refuse (raise NotFound/Forbidden) a user who may not see the list at all."""

    def count_text(self, n: int, capped: bool) -> str:
        """The line above the rows of a ``counted`` list ("128 residents")."""
        return f"{n:,}+" if capped else f"{n:,}"

    def get(self, request, *args, **kwargs):
        if self.action:
            need(request.user, self.action)
        self.check()
        form = self.get_filter_form()
        filters = form.cleaned_data if form is not None and form.is_valid() else {}
        qs = self.rows(filters)
        fmt = request.GET.get("format")
        may_download = bool(self.download_name) and (
            not self.download_action or request.user.can(self.download_action))
        if may_download and fmt in downloads.FORMATS:
            return self.download(qs, fmt)
        self.page, _continued = keyset.request_window(qs, request, size=self.page_size)
        page = self.page
        next_query, previous_query = keyset.neighbour_queries(request, page)
        search = form["q"] if form is not None and "q" in form.fields else None
        columns = [c for c in self.get_columns() if c.page]
        searched = any(v not in (None, "", False) for v in filters.values())
        fragment = (self.live and request.headers.get("HX-Request") == "true"
                    and not request.headers.get("HX-Boosted"))
        total = keyset.capped_count(qs) if self.counted else None
        response = render(request, "core/kit/_results.html" if fragment else self.template_name, {
            "title": self.title, "form": form, "search": search, "row_key": self.row_key,
            "filters": [f for f in form if f.name != "q"] if form is not None else [],
            "filtered": any(v not in (None, "", False) for k, v in filters.items() if k != "q"),
            "columns": columns, "live": self.live, "rows_template": self.rows_template,
            "empty_text": self.no_match_text if searched and self.no_match_text
            else self.empty_text,
            "total": total[0] if total else None,
            "count_text": self.count_text(*total) if total else "",
            "rows": table_rows(columns, page.rows),
            "next_query": next_query, "previous_query": previous_query,
            "query": _query_without_paging(request), "downloads": may_download,
            "actions": list(self.actions()), **self.context()})
        if self.live:
            patch_vary_headers(response, ["HX-Request"])
        return response

    def download(self, qs, fmt: str):
        cols = [c for c in self.get_columns() if c.download]
        return downloads.table(
            actor=self.request.user, name=self.download_name, fmt=fmt,
            header=[str(c.label) for c in cols],
            rows=([_plain(c.of(r)) for c in cols] for r in qs.iterator(chunk_size=500)))


def _plain(value):
    """A cell value a spreadsheet takes as it is (numbers, dates; a moment as local wall
    time, since Excel has no time zones), lazy text as text."""
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # Asia/Shanghai wall time
    if value is None:
        return ""                      # an empty cell, not the word "None"
    if isinstance(value, int | float | str | dt.date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _query_without_paging(request) -> str:
    query = request.GET.copy()
    for key in ("cursor", "before", "format"):
        query.pop(key, None)
    return query.urlencode()


# -- the form page -----------------------------------------------------------------------------
class FormPage(LoginRequiredMixin, View):
    """Subclass with ``form_class``, ``save()`` and ``success_url()``; for an edit page
    also ``get_object()`` and ``initial()``. Set ``confirm`` to ask before saving."""

    form_class: type[forms.Form]
    title: str = ""
    action: str | None = None
    success_message = gettext_lazy("Saved.")
    confirm: str = ""                  # a question shown before a destructive save
    hint: str = ""                     # a line under the title
    submit_label: str = ""             # the button ("" : Save)
    editable: bool = True              # False: the form is not shown (DetailPage)
    template_name = "core/kit/form.html"

    def get_object(self):
        """The object edited (a ``*_get_for_actor`` selector), None when creating."""
        return None

    def initial(self, obj) -> dict:
        return {}

    def form_kwargs(self, obj) -> dict:
        return {}

    def save(self, obj, data: dict):
        """Call the one service; its DomainError becomes a form error. Return the row."""
        raise NotImplementedError

    def success_url(self, row) -> str:
        raise NotImplementedError

    def back_url(self, obj) -> str:
        return ""

    def page_title(self, obj) -> str:
        return self.title

    def success_text(self, row) -> str:
        """The message after a save: ``success_message``, or one naming the row."""
        return self.success_message

    def check(self, obj) -> None:
        """Refuse (raise NotFound/Forbidden) a user who may not change ``obj``."""

    def context(self, obj) -> dict:
        """More for the template (a ``hint`` that depends on the object)."""
        return {}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.action:
            need(request.user, self.action)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check(obj)
        form = self.form_class(initial=self.initial(obj), **self.form_kwargs(obj))
        return self.render_form(obj, form)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check(obj)
        form = self.form_class(request.POST, request.FILES, initial=self.initial(obj),
                               **self.form_kwargs(obj))
        if form.is_valid():
            if self.confirm:
                asking = confirm_first(request, title=self.page_title(obj),
                                       question=self.confirm, back=request.path)
                if asking is not None:
                    return asking
            row = save_form(form, self.save, obj, form.cleaned_data)
            if row is not None:
                if text := self.success_text(row):
                    messages.success(request, text)
                return redirect(self.success_url(row))
        return self.render_form(obj, form)

    def render_form(self, obj, form):
        return render(self.request, self.template_name, {
            "form": form, "title": self.page_title(obj), "back": self.back_url(obj),
            "hint": self.hint, "submit_label": self.submit_label, "object": obj,
            "editable": self.editable, **self.context(obj)},
            status=400 if form.errors else 200)


class DetailPage(FormPage):
    """An object's own page (a module ``template_name``) carrying its edit form. Whoever
    ``get_object`` lets see the object gets the page; ``may_edit(obj)`` decides whether the
    form is shown (``editable`` in the template) and whether a POST is taken: a viewer's
    POST is a 403. A save comes back to the page."""

    def may_edit(self, obj) -> bool:
        raise NotImplementedError

    def check(self, obj) -> None:
        self.editable = self.may_edit(obj)
        if self.request.method == "POST" and not self.editable:
            raise Forbidden()

    def success_url(self, row) -> str:
        return self.request.path
