"""What Open311 publishes of a report: the text the public filed, with phone and ID
numbers masked (the rule of the log filter), or the public text staff wrote instead —
an audited change. The portal form says what becomes public."""

import json

import pytest
from django.urls import reverse

from shequ.core.errors import DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import services
from shequ.testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template", "fresh_limits")]
V2 = "/open311/v2"
PHONE = "13912345678"
ID_NUMBER = factories.make_id_number()


@pytest.fixture
def report(place, sanitation, django_capture_on_commit_callbacks):
    """A portal report whose description holds a phone and an ID number."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.case_report(
            actor=None, category=sanitation, community=place.community,
            building=place.building1, address=f"金竹苑7栋 电话{PHONE}",
            description=f"垃圾堆了三天，请联系我 {PHONE}，身份证 {ID_NUMBER}",
            reporter_phone=PHONE, ip="10.0.0.5")


def _published(client, case_id, fmt="json"):
    r = client.get(f"{V2}/requests/{case_id}.{fmt}")
    assert r.status_code == 200
    return r.content.decode()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_anonymous_readers_get_phones_and_id_numbers_masked(client, report, fmt):
    """One request and the list alike: the text stays, the numbers are masked."""
    one = _published(client, report.pk, fmt)
    listed = client.get(f"{V2}/requests.{fmt}", {"service_request_id": report.pk}
                        ).content.decode()
    for body in (one, listed):
        assert PHONE not in body and ID_NUMBER not in body
        assert "139****5678" in body and "垃圾堆了三天" in body


def test_staff_write_the_public_text_and_it_is_audited(client, report, staff):
    # when staff rewrite what is published (a phone slipped in is masked too)
    services.case_public_text_set(actor=staff, case=report,
                                  text=f"小区垃圾清运不及时 {PHONE}")
    # then Open311 publishes it
    (item,) = json.loads(_published(client, report.pk))
    assert item["description"] == "小区垃圾清运不及时 139****5678"
    audit = AuditEvent.objects.get(action="case_public_text", entity_id=str(report.pk))
    assert audit.actor == staff and PHONE not in json.dumps(audit.after)
    # and emptying it publishes the masked description again
    services.case_public_text_set(actor=staff, case=report, text="")
    (item,) = json.loads(_published(client, report.pk))
    assert item["description"].startswith("垃圾堆了三天")


def test_only_staff_of_the_place_edit_the_public_text(report, grid_worker):
    outsider = factories.user("community_staff", factories.Tree().community)
    with pytest.raises(NotFound):
        services.case_public_text_set(actor=outsider, case=report, text="x")
    with pytest.raises(DomainError):
        services.case_public_text_set(actor=grid_worker, case=report, text="x")
    report.refresh_from_db()
    assert report.public_description == ""


def test_the_case_page_edits_the_public_text(login, report, staff, client):
    c = login(staff)
    page = c.get(reverse("ledgers:case-detail", args=[report.pk])).content.decode()
    assert 'data-testid="public-text"' in page and PHONE not in page.split(
        'data-testid="public-text"')[1].split("</section>")[0]
    report.refresh_from_db()
    c.post(reverse("ledgers:case-act", args=[report.pk, "public-text"]),
           {"public_text": "垃圾清运问题", "version": report.version})
    report.refresh_from_db()
    assert report.public_description == "垃圾清运问题"


def test_the_report_form_says_what_becomes_public(client):
    page = client.get(reverse("ledgers:report")).content.decode()
    assert 'data-testid="public-notice"' in page
