"""The kit's list page beyond columns and pages: a search that answers as the user types
(only the results, for htmx), the count above the rows, a "nothing matches" distinct from
"nothing yet", a cell drawn by a template of its own, and a form page's hint and field
errors that name their field."""

import re

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.urls import include, path

from shequ.core.kit import Column, FormPage, ListPage

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class KindFilter(forms.Form):
    q = forms.CharField(label="Search", required=False)


class KindList(ListPage):
    """The content types, as any rows: searchable, counted, one cell from a template."""

    title, filter_form, row_key = "Kinds", KindFilter, "kind"
    live, counted, page_size = True, True, 5
    empty_text, no_match_text = "Nothing yet.", "Nothing matches."
    columns = [Column("Model", "model"),
               Column("App", "app_label", template="core/tests/kit_cell.html")]

    def rows(self, filters):
        qs = ContentType.objects.order_by("id")
        if filters.get("q"):
            qs = qs.filter(model__startswith=filters["q"])
        return qs

    def count_text(self, n, capped):
        return f"{n} kinds"


class NameForm(forms.Form):
    name = forms.CharField(max_length=3)


class NameNew(FormPage):
    form_class, title = NameForm, "New name"

    def context(self, obj):
        return {"hint": "Three letters at most."}


urlpatterns = [path("kinds/", KindList.as_view()), path("name/", NameNew.as_view()),
               path("", include("shequ.urls"))]


@pytest.fixture
def signed_in(client, tree):
    from shequ.testing import factories

    client.force_login(factories.user("community_staff", tree.community))
    return client


def _models(page: str) -> list[str]:
    return re.findall(r'<td data-label="Model">([^<]*)</td>', page)


def test_a_live_search_answers_with_the_results_alone(signed_in):
    """The page's form asks htmx for #results; an htmx request gets only the results,
    counted, and the answer varies with the header (a cache must not mix them up)."""
    # when
    page = signed_in.get("/kinds/").content.decode()
    fragment = signed_in.get("/kinds/", {"q": "user"}, HTTP_HX_REQUEST="true")
    # then
    assert 'hx-get="/kinds/"' in page and 'id="results"' in page
    body = fragment.content.decode()
    assert "<html" not in body and "<form" not in body
    assert _models(body) == ["user"]
    assert 'data-testid="result-count">1 kinds<' in body
    assert "HX-Request" in fragment["Vary"]


def test_the_count_is_of_every_row_not_the_page(signed_in):
    page = signed_in.get("/kinds/").content.decode()
    n = ContentType.objects.count()
    assert len(_models(page)) == 5 and f'data-testid="result-count">{n} kinds<' in page


def test_nothing_matching_is_said_apart_from_nothing_yet(signed_in):
    page = signed_in.get("/kinds/", {"q": "zzz"}).content.decode()
    assert 'data-testid="empty">Nothing matches.<' in page


def test_a_cell_is_drawn_by_its_template_with_the_row(signed_in):
    page = signed_in.get("/kinds/").content.decode()
    first = ContentType.objects.order_by("id").first()
    assert f'<b data-app="{first.pk}">{first.app_label}</b>' in page


def test_a_form_page_shows_its_hint_and_names_the_field_of_an_error(signed_in):
    assert "Three letters at most." in signed_in.get("/name/").content.decode()
    page = signed_in.post("/name/", {"name": "toolong"}).content.decode()
    assert 'data-error-for="name"' in page
