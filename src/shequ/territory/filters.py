"""The area filter of a module's lists: one rule for every list that narrows its rows to
a street, a community or a grid (and the dashboard's figures drill to such a list with
``?area=<id>``).

The choices are the areas where the user holds the list's action, so a list never offers
an area it would not show. The chosen id is looked up again among those areas when the
list is read: an id outside them (another street's, one that does not exist, garbage in
the query string) narrows the list to nothing. It never widens it to the user's whole
scope and never tells whether the area exists."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shequ.core.errors import NotFound
from shequ.core.scoping import PATH_END

from .models import Area, AreaKind

NOWHERE = 0  # no area has this id: what an unreadable ``?area=`` cleans to


def areas_for_filter(actor, action: str) -> QuerySet[Area]:
    """Every area (district to grid) where ``actor`` holds ``action``, by path."""
    return Area.objects.for_actor(actor, action).order_by("path")


def area_choices_for_filter(actor, action: str) -> list[tuple[int, str]]:
    """(id, "kind · name") of the same areas, without building a model per area (a
    district has a few hundred)."""
    kinds = {k: str(label) for k, label in AreaKind.choices}
    return [(pk, f"{kinds.get(kind, kind)} · {name}") for pk, kind, name in
            areas_for_filter(actor, action).values_list("pk", "kind", "name")]


def in_area(qs: QuerySet, *, actor, action: str, area_id: int | None,
            field: str = "path", refuse: bool = False) -> QuerySet:
    """``qs`` narrowed to the rows whose ``field`` (a copied territory path) lies in the
    area ``area_id`` — one where ``actor`` holds ``action`` — or to nothing when the area
    is not one of those (``refuse``: NotFound on ``area`` instead, the API's answer, the
    same for a missing area and another's). ``None`` (no area chosen) leaves ``qs`` as it
    is. One query to find the area's path."""
    if area_id is None:
        return qs
    path = areas_for_filter(actor, action).filter(pk=area_id).values_list(
        "path", flat=True).first()
    if path is None:
        if refuse:
            raise NotFound(field="area")
        return qs.none()
    return qs.filter(**{f"{field}__gte": path, f"{field}__lt": path + PATH_END})


def _area_id(value) -> int:
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) < 12 else NOWHERE


class AreaFilterField(forms.TypedChoiceField):
    """A list filter's area: "All" or one of ``choices`` (set by the form from
    :func:`area_choices_for_filter`). Any other value cleans to an id no area has rather
    than failing the form — a page-kit list drops the filters of an invalid form, which
    would show the user's whole scope for an area they may not see."""

    def __init__(self, *, label=None, **kwargs):
        super().__init__(label=label or _("Area"), required=False, coerce=_area_id, empty_value=None,
                         choices=[("", _("All areas"))], **kwargs)

    def valid_value(self, value) -> bool:
        return True  # out-of-scope ids narrow to nothing in ``in_area``

    def offer(self, areas: list[tuple[int, str]]) -> None:
        self.choices = [("", _("All areas")), *areas]


class AreaFiltered:
    """A page-kit ``ListPage`` mixin: the filter form's ``area`` field offers the areas
    where the user holds ``area_action`` (the list's ``action`` by default), and
    :meth:`in_area` narrows the rows to the chosen one."""

    area_action: str | None = None

    def _area_action(self) -> str:
        return self.area_action or self.action

    def get_filter_form(self):
        form = super().get_filter_form()
        if form is not None:
            form.fields["area"].offer(
                area_choices_for_filter(self.request.user, self._area_action()))
        return form

    def in_area(self, qs: QuerySet, filters: dict, *, field: str = "path") -> QuerySet:
        return in_area(qs, actor=self.request.user, action=self._area_action(),
                       area_id=filters.get("area"), field=field)
