"""A case staff take in for a registered resident reaches that resident: when the name and
phone given match a resident of their area, staff are asked to confirm the person (or
they choose them from the registry), the case names the resident as its reporter, and the
resident follows and rates it under "My reports"."""

import pytest
from django.test import Client
from django.urls import reverse

from shequ.core.errors import NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import services
from shequ.ledgers.models import Case
from shequ.testing.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]
ZHANG_PHONE = "13800005555"  # the resident fixture's phone


def _visit(place, sanitation, **kw):
    data = {"category": sanitation.pk, "building": place.building1.pk,
            "description": "楼道灯坏了", "reporter_name": "张三", "reporter_phone": ZHANG_PHONE}
    data.update(kw)
    return data


def test_a_visit_for_a_registered_resident_reaches_them(login, place, sanitation, grid_worker,
                                                        resident):
    """Name and phone match 张三: the worker confirms, and 张三 sees and rates the case."""
    c = login(grid_worker)
    # when the grid worker records the visit
    r = c.post(reverse("ledgers:case-new"), _visit(place, sanitation))
    # then they are asked whether the reporter is the registered resident, nothing filed yet
    page = r.content.decode()
    assert r.status_code == 200 and 'data-testid="reporter-matches"' in page
    assert f'name="reporter" value="{resident.resident.pk}"' in page
    assert Case.objects.count() == 0
    # when they confirm
    r = c.post(reverse("ledgers:case-new"), _visit(place, sanitation, reporter_checked="1",
                                                   reporter=resident.resident.pk))
    case = Case.objects.get()
    assert r.status_code == 302 and case.reporter == resident.resident
    audit = AuditEvent.objects.get(action="case_create", entity_id=str(case.pk))
    assert audit.after["reporter"] == resident.resident.pk
    # and the resident finds it under My reports, and rates it once resolved
    services.case_start(actor=grid_worker, case=case)
    services.case_resolve(actor=grid_worker, case=case, note="已更换灯泡")
    case.refresh_from_db()
    home = Client()
    home.login(username=resident.username, password=PASSWORD)
    mine = home.get(reverse("ledgers:my-reports")).content.decode()
    assert f'data-report="{case.pk}"' in mine
    home.post(reverse("ledgers:my-report-rate", args=[case.pk]),
              {"rating": "satisfied", "version": case.version})
    case.refresh_from_db()
    assert (case.state, case.rating) == ("closed", "satisfied")


def test_saying_it_is_someone_else_files_without_a_link(login, place, sanitation, grid_worker,
                                                        resident):
    c = login(grid_worker)
    r = c.post(reverse("ledgers:case-new"), _visit(place, sanitation, reporter_checked="1",
                                                   reporter=""))
    assert r.status_code == 302 and Case.objects.get().reporter is None


def test_another_name_with_the_same_phone_is_not_suggested(login, place, sanitation,
                                                           grid_worker, resident):
    r = login(grid_worker).post(reverse("ledgers:case-new"),
                                _visit(place, sanitation, reporter_name="王五"))
    assert r.status_code == 302 and Case.objects.get().reporter is None


def test_a_resident_outside_the_workers_area_is_never_offered_nor_linked(
        login, place, sanitation, other_grid_worker, resident):
    """The registry is read through the worker's scope: 张三 lives in grid 1."""
    c = login(other_grid_worker)
    data = _visit(place, sanitation, building=place.building2.pk)
    r = c.post(reverse("ledgers:case-new"), data)
    assert r.status_code == 302 and Case.objects.get().reporter is None
    # a resident id posted by hand is refused, and nothing is filed
    r = c.post(reverse("ledgers:case-new"), {**data, "reporter_checked": "1",
                                            "reporter": resident.resident.pk})
    assert r.status_code == 400 and Case.objects.count() == 1


def test_staff_choose_the_reporter_from_the_registry(login, place, sanitation, staff, resident):
    """Opening the intake form for a resident (?reporter=) names them; the case links."""
    c = login(staff)
    page = c.get(reverse("ledgers:case-new"), {"reporter": resident.resident.pk}
                 ).content.decode()
    assert 'data-testid="reporter-chosen"' in page and "张三" in page
    r = c.post(reverse("ledgers:case-new"), _visit(place, sanitation, reporter_name="",
                                                   reporter_phone="", reporter_checked="1",
                                                   reporter=resident.resident.pk,
                                                   source="walk_in"))
    case = Case.objects.get()
    assert r.status_code == 302 and case.reporter == resident.resident
    assert case.reporter_name == "张三" and case.reporter_phone_masked == "138****5555"


def test_the_api_links_a_reporter_in_scope_only(place, sanitation, grid_worker,
                                                other_grid_worker, resident):
    """POST /api/v1/ledgers/cases takes ``reporter`` (a resident id) within the caller's
    area; outside it, a 400 naming the field."""
    def post(user, **kw):
        c = Client()
        c.force_login(user)
        return c.post("/api/v1/ledgers/cases", {"category": "sanitation", "description": "灯坏了",
                                                "reporter": resident.resident.pk, **kw},
                      content_type="application/json")

    r = post(grid_worker, building=place.building1.pk)
    assert r.status_code == 201, r.content
    assert Case.objects.get(pk=r.json()["id"]).reporter == resident.resident
    r = post(other_grid_worker, building=place.building2.pk)
    assert r.status_code == 400 and r.json()["field"] == "reporter"


def test_the_service_refuses_a_reporter_outside_the_actors_area(place, sanitation,
                                                                other_grid_worker, resident):
    with pytest.raises(NotFound):
        services.case_create(actor=other_grid_worker, category=sanitation,
                             building=place.building2, description="x", source="visit",
                             reporter=resident.resident)
    assert Case.objects.count() == 0


@pytest.mark.parametrize("raw", ["abc", str(10**20), "-1", "1.5"])
def test_a_malformed_reporter_in_the_link_is_a_plain_not_found(login, grid_worker, raw):
    """``?reporter=`` that is no record number answers 404, never a server error."""
    r = login(grid_worker).get(reverse("ledgers:case-new"), {"reporter": raw})
    assert r.status_code == 404


@pytest.mark.parametrize("raw", ["abc", str(10**20)])
def test_a_malformed_reporter_in_the_form_is_refused_without_filing(login, place, sanitation,
                                                                    grid_worker, raw):
    """A posted ``reporter`` that is no record number files nothing and is no server error."""
    r = login(grid_worker).post(reverse("ledgers:case-new"), _visit(
        place, sanitation, reporter_checked="1", reporter=raw))
    assert r.status_code in (200, 400, 404)
    assert Case.objects.count() == 0
