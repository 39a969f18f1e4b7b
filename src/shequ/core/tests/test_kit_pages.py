"""The page kit's pieces beyond the plain list and form (core.kit): a cell drawn by a
template, the filter form's own errors, an object's page carrying its edit form (viewers
see it, only editors save), the form page's hint, button and message naming the row, and
the small forms and buttons posted back to a page."""

import pytest
from django import forms

from shequ.core.kit import YesNoField, _plain, offer
from shequ.territory.models import Area

from . import kit_detail_urls as urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shequ.core.tests.kit_detail_urls")]


@pytest.fixture
def signed_in(client, tree):
    from shequ.testing import factories

    client.force_login(factories.user("community_staff", tree.community))
    urls.SAVED.clear()
    return client


def test_a_template_column_draws_the_cell_on_the_page_and_stays_out_of_the_download(
        signed_in, tree):
    page = signed_in.get("/areas/", {"grids": "1"}).content.decode()
    assert f'data-area="{tree.grid1.pk}"' in page and '<b data-testid="kind">grid</b>' in page
    assert f'data-area="{tree.community.pk}"' not in page  # Yes: grids only
    assert f'data-area="{tree.community.pk}"' in signed_in.get("/areas/", {"grids": "0"}).content.decode()
    csv = signed_in.get("/areas/", {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "Name" and "grid" not in csv


def test_the_filter_forms_own_error_is_shown_and_nothing_is_filtered(signed_in, tree):
    page = signed_in.get("/areas/", {"grids": "1", "day": "2026-01-01"}).content.decode()
    assert 'role="alert"' in page and "No days here." in page
    assert f'data-area="{tree.community.pk}"' in page


def test_a_viewer_sees_the_object_page_without_its_form_and_may_not_post(signed_in, tree):
    url = f"/areas/{tree.community.pk}/"
    page = signed_in.get(url)
    assert page.status_code == 200 and 'data-testid="save"' not in page.content.decode()
    assert signed_in.post(url, {"name": "x"}).status_code == 403 and not urls.SAVED


def test_an_editor_saves_on_the_object_page_and_comes_back_to_it(signed_in, tree):
    Area.objects.filter(pk=tree.community.pk).update(name="open community")
    url = f"/areas/{tree.community.pk}/"
    assert 'data-testid="save"' in signed_in.get(url).content.decode()
    refused = signed_in.post(url, {"name": "taken"})
    assert refused.status_code == 400 and "That name is taken." in refused.content.decode()
    done = signed_in.post(url, {"name": "new"}, follow=True)
    assert done.redirect_chain == [(url, 302)] and f"Renamed {tree.community.pk}." in \
        done.content.decode()
    assert urls.SAVED == [{"area": tree.community, "name": "new"}]


def test_the_form_page_shows_its_hint_and_button(signed_in):
    page = signed_in.get("/areas/new/").content.decode()
    assert "Names are short." in page and "Create it</button>" in page


def test_a_button_names_the_services_result_and_a_small_form_its_refusals(signed_in):
    done = signed_in.post("/button/", {"name": "x"}, follow=True)
    assert "Done: a1." in done.content.decode()
    # a small form: invalid input, a refusal of the service, success — each a message
    empty = signed_in.post("/small-form/", {"name": ""}, follow=True).content.decode()
    assert "msg-error" in empty and "name" in empty.lower()
    told = signed_in.post("/small-form/", {"name": "", "refusal": "Say a name."}, follow=True)
    assert "Say a name." in told.content.decode()
    taken = signed_in.post("/small-form/", {"name": "taken"}, follow=True).content.decode()
    assert "That name is taken." in taken
    ok = signed_in.post("/small-form/", {"name": "fine"})
    assert ok.url == "/back/"
    assert urls.SAVED == [{"area": "a1", "name": "x"}, {"area": "a1", "name": "fine"}]


def test_yes_no_offer_and_empty_cells(tree):
    class F(forms.Form):
        flag = YesNoField(label="Flag")
        community = forms.ModelChoiceField(queryset=None)
        grid = forms.ModelChoiceField(queryset=None)

    f = F({"flag": "0"})
    offer(f, "community", Area.objects.filter(pk=tree.community.pk))
    offer(f, "grid", None)
    assert f.fields["community"].initial == tree.community and "grid" not in f.fields
    f.data = {"flag": "0", "community": tree.community.pk}
    assert f.is_valid() and f.cleaned_data["flag"] is False
    assert [F({"flag": v}).fields["flag"].clean(v) for v in ("", "1")] == [None, True]
    assert _plain(None) == ""  # an empty spreadsheet cell, not the word None
