"""Dispatching a case that came in without a grid (a portal report "not in a building /
not sure", an Open311 request nobody could locate): staff see the grid workers they may
give it to, choosing a grid narrows the list to that grid's workers, and assigning routes
the case to the grid."""

import re

import pytest
from django.urls import reverse

from shequ.accounts import services as account_services
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.ledgers import services
from shequ.testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]


@pytest.fixture
def unrouted(place, sanitation, django_capture_on_commit_callbacks):
    """A portal report with the default "not in a building / not sure" and an address
    nobody can place: it waits in the community."""
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_report(actor=SYSTEM, category=sanitation,
                                    community=place.community, address="翠屏路口的公交站",
                                    description="公交站旁垃圾桶满了", reporter_phone="13912345678",
                                    ip="10.0.0.9")
    assert case.grid is None
    return case


def _assignee_options(html: str) -> set[str]:
    select = re.search(r'<select name="assignee".*?</select>', html, re.S)
    assert select, "the page has no grid-worker list"
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def test_the_case_page_offers_the_grid_workers_of_the_community(
        login, unrouted, staff, grid_worker, other_grid_worker):
    """Before a grid is chosen, every grid worker of the case's community is offered,
    grouped by grid."""
    # given a worker of another community, never offered
    factories.user("grid_worker", factories.Tree().grid1)
    # when
    page = login(staff).get(reverse("ledgers:case-detail", args=[unrouted.pk])).content.decode()
    # then
    assert _assignee_options(page) == {str(grid_worker.pk), str(other_grid_worker.pk)}
    assert "第一网格" in page and "第二网格" in page


def test_choosing_a_grid_lists_that_grids_workers(login, unrouted, place, staff, grid_worker,
                                                  other_grid_worker):
    """The grid select fetches the workers of the chosen grid (htmx swaps them in)."""
    # when
    r = login(staff).get(reverse("ledgers:case-assignees", args=[unrouted.pk]),
                         {"grid": place.grid2.pk})
    # then
    options = set(re.findall(r'<option value="(\d+)"', r.content.decode()))
    assert r.status_code == 200 and options == {str(other_grid_worker.pk)}


def test_the_assignee_list_follows_scope(login, unrouted, place, other_grid_worker):
    """Someone who cannot dispatch the case gets nothing from the options endpoint."""
    r = login(other_grid_worker).get(reverse("ledgers:case-assignees", args=[unrouted.pk]),
                                     {"grid": place.grid2.pk})
    assert r.status_code == 404


def test_assigning_a_worker_routes_the_case_to_their_grid(login, unrouted, place, staff,
                                                          other_grid_worker):
    """Picking a worker (without choosing the grid first) routes the case to the worker's
    grid in the community and assigns it."""
    # when
    login(staff).post(reverse("ledgers:case-act", args=[unrouted.pk, "assign"]),
                      {"assignee": other_grid_worker.pk, "version": unrouted.version})
    # then
    unrouted.refresh_from_db()
    assert (unrouted.state, unrouted.assigned_to, unrouted.grid) == (
        "assigned", other_grid_worker, place.grid2)
    assert unrouted.path == place.grid2.path


def test_a_worker_of_two_grids_needs_the_grid_chosen(unrouted, place, staff):
    """A worker on both grids of the community cannot say which grid: the service asks."""
    both = factories.user("grid_worker", place.grid1)
    account_services.grant_add(actor=SYSTEM, user=both, role="grid_worker", area=place.grid2)
    with pytest.raises(DomainError) as exc:
        services.case_assign(actor=staff, case=unrouted, assignee=both)
    assert exc.value.field == "grid"
    services.case_assign(actor=staff, case=unrouted, assignee=both, grid=place.grid1)
    assert unrouted.grid == place.grid1
