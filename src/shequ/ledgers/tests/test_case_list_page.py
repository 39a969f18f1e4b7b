"""The case list page: what it costs in queries whatever the number of cases and areas,
and its count, which comes in a request of its own when there is more than one page."""

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.ledgers import services
from shequ.ledgers.models import Category
from shequ.territory import services as territory_services
from shequ.testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]


def _fill(make_case, staff, place, n):
    for i in range(n):
        make_case(staff, building=place.building1 if i % 2 else place.building2,
                  evaluate_warnings=False)


def test_the_page_costs_the_same_queries_for_5_or_40_cases_and_more_areas(
        login, make_case, staff, place, grid_worker, django_assert_max_num_queries):
    """Rows bring no query of their own (category, grid, assignee come with them) and the
    area filter's choices are one query whatever the number of areas."""
    # given a few cases, one of them assigned
    _fill(make_case, staff, place, 5)
    services.case_assign(actor=staff, case=make_case(staff), assignee=grid_worker)
    c = login(staff)
    with django_assert_max_num_queries(20) as few:
        c.get(reverse("ledgers:case-list"), {"ledger": "livelihood"})
    # when there are many more cases and grids
    _fill(make_case, staff, place, 35)
    for i in range(10):
        territory_services.area_create(actor=SYSTEM, kind="grid", name=f"新网格{i}",
                                       parent=place.community)
    # then the page asks no more of the database
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = c.get(reverse("ledgers:case-list"), {"ledger": "livelihood"}).content.decode()
    assert page.count("data-case=") == 30


def test_a_single_page_shows_its_count_at_once(login, make_case, staff, place):
    """Up to one page, the count is the rows shown: no request for it."""
    _fill(make_case, staff, place, 3)
    page = login(staff).get(reverse("ledgers:case-list")).content.decode()
    assert "3 件" in page or "3 cases" in page
    assert reverse("ledgers:case-count") not in page


def test_a_longer_list_loads_its_count_with_the_same_filters(login, make_case, staff, place):
    """With more than a page, the page asks for the count (htmx on load) with its filters;
    the count answers for those filters and only the user's scope."""
    # given 40 cases in scope and 5 out of it
    _fill(make_case, staff, place, 40)
    other = factories.Tree()
    outsider = factories.user("community_staff", other.community)
    for _ in range(5):
        make_case(outsider, building=other.household1.entrance.building,
                  evaluate_warnings=False)
    c = login(staff)
    # when
    page = c.get(reverse("ledgers:case-list"), {"ledger": "livelihood"}).content.decode()
    all_count = c.get(reverse("ledgers:case-count")).content.decode()
    grid_count = c.get(reverse("ledgers:case-count"), {"area": place.grid1.pk}).content.decode()
    # then
    assert f'hx-get="{reverse("ledgers:case-count")}?ledger=livelihood"' in page
    assert "40" in all_count and "20" in grid_count


def test_the_area_filter_keeps_the_choice_and_escapes_names(login, staff, place):
    """The one-pass select marks the chosen area and escapes what names hold."""
    # given a grid whose name holds markup
    territory_services.area_create(actor=SYSTEM, kind="grid", name="<b>三</b>",
                                         parent=place.community)
    # when
    page = login(staff).get(reverse("ledgers:case-list"),
                            {"area": place.grid2.pk}).content.decode()
    # then
    assert f'<option value="{place.grid2.pk}" selected>' in page
    assert f'<option value="{place.grid1.pk}">' in page
    assert "&lt;b&gt;三&lt;/b&gt;" in page and "<b>三</b>" not in page


def test_category_and_an_in_flight_state_select_exactly_those_cases(
        login, make_case, staff, grid_worker, place, sanitation):
    """Written for the state index, the condition still selects what it says."""
    # given a resolved and an open sanitation case, and a resolved one of another category
    resolved = make_case(staff)
    services.case_assign(actor=staff, case=resolved, assignee=grid_worker)
    services.case_start(actor=grid_worker, case=resolved)
    services.case_resolve(actor=grid_worker, case=resolved, note="已清运")
    make_case(staff)
    noise = make_case(staff, category=Category.objects.get(code="noise"))
    services.case_assign(actor=staff, case=noise, assignee=grid_worker)
    services.case_start(actor=grid_worker, case=noise)
    services.case_resolve(actor=grid_worker, case=noise, note="已劝导")
    # when
    page = login(staff).get(reverse("ledgers:case-list"), {
        "category": sanitation.pk, "state": "resolved"}).content.decode()
    # then
    assert page.count("data-case=") == 1 and f'data-case="{resolved.pk}"' in page


@pytest.mark.parametrize("area", ["other", "garbage"])
def test_an_area_not_theirs_lists_no_case_rather_than_all_of_theirs(login, make_case, staff,
                                                                    place, area):
    """Another community's grid, or no area at all, narrows to nothing: the list never
    falls back to the user's whole scope for an area they asked about."""
    _fill(make_case, staff, place, 3)
    other = factories.Tree()
    value = other.grid1.pk if area == "other" else "x1"
    c = login(staff)
    page = c.get(reverse("ledgers:case-list"), {"area": value}).content.decode()
    assert page.count("data-case=") == 0
    assert "0" in c.get(reverse("ledgers:case-count"), {"area": value}).content.decode()
    assert login(staff).get(reverse("ledgers:case-list")).content.decode().count(
        "data-case=") == 3
