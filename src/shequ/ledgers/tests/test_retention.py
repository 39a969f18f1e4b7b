"""The ledgers' retention categories: a case is never deleted, but the reporter's name and
phone leave closed cases after ``closed_cases`` days, and the phone of an anonymous portal
report after ``anonymous_reporter_phones`` days; younger or open cases keep them. A dry run
only counts; a real run writes one audit row per category."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.ledgers import services
from shequ.ledgers.models import Case, CaseState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_limits")]
PHONE = "13912345678"


def _retention(*args):
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def _finished(case, *, days_ago, state=CaseState.CLOSED):
    at = timezone.now() - dt.timedelta(days=days_ago)
    Case.objects.filter(pk=case.pk).update(state=state, closed_at=at, resolved_at=at,
                                           created_at=at - dt.timedelta(days=3))


def _holds_reporter(case) -> bool:
    case.refresh_from_db()
    return bool(case.reporter_name or case.reporter_phone_enc or case.reporter_phone_hash
                or case.reporter_phone_masked or case.reporter_phone_tail4)


@pytest.fixture
def portal_report(place, sanitation, django_capture_on_commit_callbacks):
    def file():
        with django_capture_on_commit_callbacks(execute=True):
            return services.case_report(actor=SYSTEM, category=sanitation,
                                        community=place.community, reporter_name="李四",
                                        description="单元门口垃圾三天没人清运",
                                        reporter_phone=PHONE, ip="10.0.0.1")
    return file


def test_closed_cases_lose_the_reporter_after_the_period(make_case):
    """A case closed more than five years ago keeps everything but the reporter's name and
    phone; one closed last year and an open old one keep them; the case itself stays."""
    # given
    old = make_case(reporter_name="王五", reporter_phone=PHONE)
    _finished(old, days_ago=6 * 365)
    recent = make_case(reporter_name="赵六", reporter_phone=PHONE)
    _finished(recent, days_ago=365)
    still_open = make_case(reporter_name="孙七", reporter_phone=PHONE)
    Case.objects.filter(pk=still_open.pk).update(
        created_at=timezone.now() - dt.timedelta(days=6 * 365))
    # when
    dry = _retention("--dry-run", "--only", "closed_cases")
    assert _holds_reporter(old) and not AuditEvent.objects.filter(action="retention").exists()
    _retention("--only", "closed_cases")
    # then
    assert "closed_cases: kept 1825 days, would anonymise 1" in dry
    assert not _holds_reporter(old)
    assert old.title and old.state == CaseState.CLOSED and old.version > 1
    assert _holds_reporter(recent) and _holds_reporter(still_open)
    row = AuditEvent.objects.get(action="retention")
    assert row.entity == "closed_cases" and row.after["count"] == 1
    assert PHONE not in str(row.after) and "王五" not in str(row.after)


def test_a_second_run_changes_and_audits_nothing(make_case):
    """Cases already anonymised are not counted again, so no audit row is written."""
    # given
    old = make_case(reporter_name="王五", reporter_phone=PHONE)
    _finished(old, days_ago=6 * 365)
    _retention("--only", "closed_cases")
    # when
    out = _retention("--only", "closed_cases")
    # then
    assert AuditEvent.objects.filter(action="retention").count() == 1
    assert "closed_cases: kept 1825 days, did anonymise 0" in out


def test_anonymous_portal_phone_goes_after_its_period(portal_report, make_case):
    """The phone of an anonymous portal report finished more than a year ago is removed
    (its name stays until closed_cases); a recent one, an open old one and an old hotline
    case keep theirs."""
    # given
    old = portal_report()
    _finished(old, days_ago=400, state=CaseState.RESOLVED)
    recent = portal_report()
    _finished(recent, days_ago=30)
    still_open = portal_report()
    Case.objects.filter(pk=still_open.pk).update(
        created_at=timezone.now() - dt.timedelta(days=400))
    hotline = make_case(reporter_name="王五", reporter_phone=PHONE)
    _finished(hotline, days_ago=400)
    # when
    dry = _retention("--dry-run", "--only", "anonymous_reporter_phones")
    _retention("--only", "anonymous_reporter_phones")
    # then
    assert "anonymous_reporter_phones: kept 365 days, would anonymise 1" in dry
    old.refresh_from_db()
    assert (old.reporter_phone_enc, old.reporter_phone_hash, old.reporter_phone_masked,
            old.reporter_phone_tail4) == (None, "", "", "")
    assert old.reporter_name == "李四"
    for kept in (recent, still_open, hotline):
        kept.refresh_from_db()
        assert kept.reporter_phone_hash and kept.reporter_phone_enc
    assert AuditEvent.objects.get(action="retention").entity == "anonymous_reporter_phones"
