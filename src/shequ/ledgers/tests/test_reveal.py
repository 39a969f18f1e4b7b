"""A reporter's phone on the case page: masked for everyone; in clear only for roles that
may reveal personal data over the case's place, with a reason, each viewing in the audit
trail (who, when, why) — as the registry does for residents."""

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]
PHONE = "13912345678"


@pytest.fixture
def case(make_case, staff):
    return make_case(staff, reporter_name="李女士", reporter_phone=PHONE)


def reveals():
    return AuditEvent.objects.filter(action="reveal", entity="case")


def test_the_case_page_shows_the_phone_masked_with_a_reveal_control(login, case, staff):
    page = login(staff).get(reverse("ledgers:case-detail", args=[case.pk])).content.decode()
    assert "139****5678" in page and PHONE not in page
    assert 'data-testid="reveal-phone"' in page


def test_a_supervisor_sees_the_mask_without_the_control(login, case, supervisor):
    page = login(supervisor).get(reverse("ledgers:case-detail", args=[case.pk])).content.decode()
    assert "139****5678" in page and 'data-testid="reveal-phone"' not in page


def test_staff_reveal_with_a_reason_and_it_is_logged(login, case, staff):
    c = login(staff)
    r = c.post(reverse("ledgers:case-reveal-phone", args=[case.pk]), {"reason": "回访反映人"},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and PHONE in r.content.decode()
    assert "no-store" in r["Cache-Control"]
    (row,) = reveals()
    assert (row.actor, row.entity_id, row.reason) == (staff, str(case.pk), "回访反映人")
    assert PHONE not in row.summary


def test_the_full_page_fallback_without_htmx(login, case, grid_worker):
    r = login(grid_worker).post(reverse("ledgers:case-reveal-phone", args=[case.pk]),
                                {"reason": "上门核实"})
    assert r.status_code == 200 and PHONE in r.content.decode()
    assert reveals().count() == 1


def test_no_reason_no_number(login, case, staff):
    r = login(staff).post(reverse("ledgers:case-reveal-phone", args=[case.pk]), {"reason": " "})
    assert r.status_code == 422 and PHONE not in r.content.decode()
    assert not reveals().exists()


def test_a_supervisor_is_refused(login, case, supervisor):
    r = login(supervisor).post(reverse("ledgers:case-reveal-phone", args=[case.pk]),
                               {"reason": "检查"})
    assert r.status_code == 403 and not reveals().exists()


def test_outside_the_scope_the_case_does_not_exist(login, case, other_grid_worker):
    r = login(other_grid_worker).post(reverse("ledgers:case-reveal-phone", args=[case.pk]),
                                      {"reason": "回访"})
    assert r.status_code == 404 and not reveals().exists()


def test_the_reveal_only_answers_post(login, case, staff):
    assert login(staff).get(reverse("ledgers:case-reveal-phone", args=[case.pk])).status_code \
        == 405


class TestService:
    def test_refusals(self, case, supervisor, other_grid_worker, staff, make_case):
        with pytest.raises(Forbidden):
            services.case_reporter_phone_reveal(actor=supervisor, case=case, reason="检查")
        with pytest.raises(NotFound):
            services.case_reporter_phone_reveal(actor=other_grid_worker, case=case,
                                                reason="回访")
        without = make_case(staff)
        with pytest.raises(DomainError):
            services.case_reporter_phone_reveal(actor=staff, case=without, reason="回访")
        assert not reveals().exists()

    def test_the_system_never_reveals(self, case):
        with pytest.raises(Forbidden):
            services.case_reporter_phone_reveal(actor=SYSTEM, case=case, reason="batch")
