"""Service-point pages on the page kit: the list (with download and the unlocated
warning), new and edit forms."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shequ.core.kit import Column, FormPage, ListPage

from .. import selectors, services
from ..forms import PointFilterForm, PointForm
from ..policies import Action, point_policy


def _edit(p) -> str:
    return reverse("circle:point-edit", args=[p.pk])


def _coordinates(p) -> str:
    return f"{p.lat}, {p.lng}" if p.located else _("No coordinates: not on the map or in the "
                                                   "circle")


class PointList(ListPage):
    title = gettext_lazy("Service points")
    action = Action.VIEW_CIRCLE
    filter_form = PointFilterForm
    download_name, download_action = "service-points", Action.VIEW_CIRCLE
    row_key, empty_text = "point", gettext_lazy("No service points yet.")
    no_match_text = gettext_lazy("No point matches.")
    counted = True
    template_name = "circle/point_list.html"

    def get_columns(self):
        manage = point_policy.holds(self.request.user, Action.MANAGE_POINTS)
        return [
            Column(pgettext_lazy("service point", "Name"), "name", link=_edit if manage else None),
            Column(gettext_lazy("Category"), "get_category_display"),
            Column(gettext_lazy("Community"), "area.name"),
            Column(pgettext_lazy("service point", "Address"), "address"),
            Column(gettext_lazy("Coordinates"), _coordinates),
            Column(pgettext_lazy("service point", "Opening hours"), "opening_hours"),
            Column(pgettext_lazy("service point", "Open"), "is_active"),
        ]

    def filter_form_kwargs(self):
        return {"areas": selectors.areas_for(self.request.user)}

    def rows(self, filters):
        area = filters.get("area")
        return selectors.point_list(actor=self.request.user, q=filters.get("q", ""),
                                    category=filters.get("category", ""),
                                    area_path=area.path if area else "",
                                    located=filters.get("located"))

    def actions(self):
        user = self.request.user
        if point_policy.holds(user, Action.MANAGE_POINTS):
            yield _("New service point"), reverse("circle:point-new")
            yield _("Import from Excel"), reverse("imports:index") + "?kind=service_points"
        yield _("15-minute service circle"), reverse("circle:coverage")
        yield _("Service map"), reverse("circle:map")

    def context(self):
        return {"unlocated": selectors.point_list(actor=self.request.user, located=False)
                .count()}


class PointNew(FormPage):
    form_class, title, action = PointForm, gettext_lazy("New service point"), \
        Action.MANAGE_POINTS
    success_message = gettext_lazy("The service point is saved. Recompute the circle to "
                                   "count it.")

    def form_kwargs(self, obj):
        return {"areas": selectors.areas_for(self.request.user, self.action)}

    def save(self, obj, data):
        return services.point_create(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("circle:point-list")

    def back_url(self, obj):
        return reverse("circle:point-list")


class PointEdit(PointNew):
    success_message = gettext_lazy("Saved. Recompute the circle to count the change.")

    def get_object(self):
        point = selectors.point_get_for_actor(self.request.user, self.kwargs["point_id"])
        point_policy.require(self.request.user, Action.MANAGE_POINTS, point)
        return point

    def initial(self, p):
        return {"area": p.area, "category": p.category, "name": p.name, "address": p.address,
                "lat": p.lat, "lng": p.lng, "opening_hours": p.opening_hours,
                "is_active": p.is_active}

    def save(self, point, data):
        return services.point_update(actor=self.request.user, point=point, **data)

    def page_title(self, point):
        return point.name
