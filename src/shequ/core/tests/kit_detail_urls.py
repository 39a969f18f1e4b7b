"""Kit pages over territory areas for the page-kit tests (test_kit_pages.py): a list with
a cell drawn by a template, an area's page carrying its edit form, and small forms posted
back to a page. The "service" records what it was given; "taken" is refused."""

from django import forms
from django.template import Template
from django.urls import include, path

from shequ.core.errors import DomainError
from shequ.core.kit import Column, DetailPage, FormPage, ListPage, YesNoField, act, act_form
from shequ.territory.models import Area

SAVED: list[dict] = []


def rename(*, actor, area=None, name, **extra):
    if name == "taken":
        raise DomainError("That name is taken.", field="name")
    SAVED.append({"area": area, "name": name, **extra})
    return area


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


class AreaFilter(forms.Form):
    grids = YesNoField(label="Grids")
    day = forms.DateField(required=False)

    def clean(self):
        if self.cleaned_data.get("day"):
            raise forms.ValidationError("No days here.")
        return self.cleaned_data


class AreaList(ListPage):
    title, filter_form, row_key, download_name = "Areas", AreaFilter, "area", "areas"
    columns = [Column("Name", "name"),
               Column("Kind", "kind", download=False,
                      template=Template('<b data-testid="kind">{{ value }}</b>'))]

    def rows(self, d):
        qs = Area.objects.order_by("id")
        return qs if d.get("grids") is None else qs.filter(kind="grid") if d["grids"] \
            else qs.exclude(kind="grid")


class AreaPage(DetailPage):
    """Anyone signed in sees it; only a name starting with "open" may be edited."""

    form_class, template_name = NameForm, "core/kit/form.html"

    def get_object(self):
        return Area.objects.get(pk=self.kwargs["pk"])

    def may_edit(self, area):
        return area.name.startswith("open")

    def save(self, area, d):
        return rename(actor=self.request.user, area=area, **d)

    def success_text(self, area):
        return f"Renamed {area.pk}."


class AreaNew(FormPage):
    form_class, title = NameForm, "New area"
    hint, submit_label = "Names are short.", "Create it"

    def save(self, obj, d):
        return rename(actor=self.request.user, **d)

    def success_url(self, row):
        return "/done/"


def rename_button(request):
    return act(request, rename, lambda row: f"Done: {row}.", "/back/", area="a1",
               name=request.POST["name"])


def rename_form(request):
    return act_form(request, NameForm(request.POST), rename, "Renamed.", "/back/",
                       refusal=request.POST.get("refusal", ""), area="a1")


urlpatterns = [
    path("areas/", AreaList.as_view()),
    path("areas/new/", AreaNew.as_view()),
    path("areas/<int:pk>/", AreaPage.as_view()),
    path("button/", rename_button),
    path("small-form/", rename_form),
    path("", include("shequ.urls")),  # the site's pages the layout links to
]
