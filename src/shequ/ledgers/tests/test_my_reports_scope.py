"""What "My reports" shows a resident: their own reports, never a stability case — even
one that names them as the reporter (a grid worker recorded it, or staff moved the
report into the stability ledger later)."""

import pytest
from django.urls import reverse

from shequ.core.errors import NotFound
from shequ.ledgers import selectors
from shequ.ledgers.models import Case, Category
from shequ.testing.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]


@pytest.fixture
def stability_case(make_case, staff, resident):
    """A stability case about a dispute that names the resident as its reporter."""
    return make_case(staff, category=Category.objects.get(code="conflict_risk"),
                     reporter=resident.resident, description="邻里矛盾，有激化苗头")


def test_my_reports_leave_out_the_stability_ledger(stability_case, make_case, staff,
                                                   resident):
    """The selector never lists a stability case, whoever it names."""
    # given an ordinary case naming the same resident
    ordinary = make_case(staff, reporter=resident.resident)
    # when
    mine = list(selectors.my_reports(user=resident))
    # then
    assert mine == [ordinary]
    with pytest.raises(NotFound):
        selectors.my_report_get(resident, stability_case.pk)


def test_a_report_moved_into_the_stability_ledger_disappears_from_my_reports(
        client, stability_case, resident):
    """Whatever the data says (here: the ledger column of a portal report changed), the
    page neither lists nor opens it, and a rating posted by hand is refused."""
    # given the case looks like the resident's own portal report
    Case.objects.filter(pk=stability_case.pk).update(source="portal", created_by=resident,
                                                     state="resolved")
    client.login(username=resident.username, password=PASSWORD)
    # when
    listing = client.get(reverse("ledgers:my-reports")).content.decode()
    detail = client.get(reverse("ledgers:my-report", args=[stability_case.pk]))
    rate = client.post(reverse("ledgers:my-report-rate", args=[stability_case.pk]),
                       {"rating": "satisfied"})
    # then
    assert f'data-report="{stability_case.pk}"' not in listing
    assert detail.status_code == 404 and rate.status_code == 404
    stability_case.refresh_from_db()
    assert stability_case.state == "resolved" and stability_case.rating == ""
