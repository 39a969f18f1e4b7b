"""Commitments 承诺→践诺→述诺→评诺: who may keep one, evidence and linked records, the
report closing it, one rating per person, progress per person/organisation/unit and the
overdue ones on the set-up checklist."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.evaluations import selectors, services
from shequ.evaluations.models import CommitmentState, PersonKind
from shequ.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def publish(user, **kw):
    today = timezone.localdate()
    kw.setdefault("period_start", today - dt.timedelta(days=30))
    kw.setdefault("period_end", today + dt.timedelta(days=30))
    return services.commitment_publish(actor=user, title=kw.pop("title", "每月走访独居老人"),
                                       **kw)


def test_a_party_member_commits_for_the_community_they_live_in(member, tree, orgs):
    c = publish(member)
    assert (c.kind, c.community, c.org, c.unit) == (PersonKind.PARTY_MEMBER, tree.community,
                                                    orgs["branch"], orgs["hospital"])
    assert c.person == "李四"


def test_a_liaison_commits_for_their_units_part_time_member(liaison, orgs, tree):
    c = publish(liaison, part_timer=orgs["part_timer"])
    assert (c.kind, c.person, c.unit, c.community) == (PersonKind.PART_TIME, "赵六",
                                                       orgs["bank"], tree.community)


def test_a_resident_keeps_no_commitment(resident):
    with pytest.raises(NotFound):
        publish(resident)


def test_an_action_with_a_photo_and_a_linked_record_it_can_see(member):
    c = publish(member)
    a = services.action_record(actor=member, commitment=c, note="走访了3户",
                               done_on=timezone.localdate(), progress=40,
                               evidence=SimpleUploadedFile("p.png", PNG))
    assert a.evidence.name.endswith(".png")
    c.refresh_from_db()
    assert c.progress == 40
    with pytest.raises(NotFound) as e:   # a case they cannot see
        services.action_record(actor=member, commitment=c, note="处理", link_kind="case",
                               link_id=999999, done_on=timezone.localdate())
    assert e.value.field == "link_id"


def test_progress_over_100_and_a_non_photo_are_refused(member):
    c = publish(member)
    with pytest.raises(DomainError) as e:
        services.action_record(actor=member, commitment=c, note="完成", progress=120,
                               done_on=timezone.localdate())
    assert (e.value.code, e.value.field) == ("bad_progress", "progress")
    with pytest.raises(DomainError) as e:
        services.action_record(actor=member, commitment=c, note="完成",
                               done_on=timezone.localdate(),
                               evidence=SimpleUploadedFile("x.exe", b"MZ" + b"0" * 20))
    assert e.value.code == "bad_evidence"
    assert not c.actions.exists()


def test_only_the_keeper_records_and_reports(member, neighbour):
    """A neighbour sees the commitment (they may rate it) but may not report on it."""
    c = publish(member)
    with pytest.raises(Forbidden):
        services.commitment_report(actor=neighbour, commitment=c, report="不是我的")


def test_report_then_rate_once_each(member, resident, staff):
    c = publish(member)
    with pytest.raises(Conflict) as e:   # not reported yet
        services.commitment_rate(actor=resident, commitment=c, score=5)
    assert e.value.code == "commitment_not_reported"
    services.commitment_report(actor=member, commitment=c, report="全年走访48户")
    with pytest.raises(Conflict):
        services.commitment_report(actor=member, commitment=c, report="再报一次")
    with pytest.raises(Conflict) as e:
        services.action_record(actor=member, commitment=c, note="晚了",
                               done_on=timezone.localdate())
    assert e.value.code == "commitment_reported"
    services.commitment_rate(actor=resident, commitment=c, score=5)
    with pytest.raises(Conflict) as e:
        services.commitment_rate(actor=resident, commitment=c, score=4)
    assert e.value.code == "already_rated"
    rating = services.commitment_rate(actor=staff, commitment=c, score=3)
    assert rating.by_committee
    with pytest.raises(DomainError):
        services.commitment_rate(actor=member, commitment=c, score=5)   # their own
    summary = selectors.commitment_rating_summary(c)
    assert (summary["count"], summary["mean"]) == (2, 4.0)


def test_a_resident_elsewhere_may_not_rate(member):
    c = publish(member)
    services.commitment_report(actor=member, commitment=c, report="完成")
    other = factories.Tree(prefix="6")
    from .conftest import person
    outsider = person(other.household1, "外人", other.grid1).user
    with pytest.raises(NotFound):
        services.commitment_rate(actor=outsider, commitment=c, score=1)


def test_progress_per_person_org_and_unit_and_overdue(member, liaison, orgs, staff, tree):
    today = timezone.localdate()
    late = publish(member, period_start=today - dt.timedelta(days=60),
                   period_end=today - dt.timedelta(days=1))
    publish(liaison, part_timer=orgs["part_timer"])
    assert late.is_overdue(today)
    by_unit = {r["unit__name"]: r for r in selectors.commitment_progress(actor=staff, by="unit")}
    assert by_unit["医院"]["overdue"] == 1 and by_unit["银行"]["total"] == 1
    by_org = {r["org__name"]: r["total"] for r in selectors.commitment_progress(actor=staff,
                                                                                 by="org")}
    assert by_org == {"第一支部": 1, "社区党委": 1}
    assert list(selectors.overdue_commitments(staff, tree.street)) == [late]
    assert list(selectors.commitment_list(actor=staff, overdue=True)) == [late]
    services.commitment_report(actor=member, commitment=late, report="完成")
    assert not selectors.overdue_commitments(staff, tree.street).exists()
    assert late.__class__.objects.get(pk=late.pk).state == CommitmentState.REPORTED


def test_an_overdue_commitment_shows_on_the_setup_checklist(member, tree):
    from shequ.coverage import selectors as coverage_selectors
    admin = factories.user("street_admin", tree.street)
    today = timezone.localdate()
    late = publish(member, period_start=today - dt.timedelta(days=20),
                   period_end=today - dt.timedelta(days=2))
    counts = {i["key"]: i["count"] for i in coverage_selectors.setup_checklist(admin, tree.street)}
    assert counts["overdue_commitments"] == 1
    check, rows = coverage_selectors.check_records(admin, tree.street, "overdue_commitments")
    assert check.row(rows.first())["title"] == f"李四 · {late.title}"


def test_a_part_time_member_leaving_keeps_their_commitment(liaison, orgs):
    from shequ.core.actors import SYSTEM
    from shequ.organizations import services as org_services
    c = publish(liaison, part_timer=orgs["part_timer"])
    org_services.part_time_member_remove(actor=SYSTEM, member=orgs["part_timer"])
    c.refresh_from_db()
    assert (c.part_timer, c.person, c.unit) == (None, "赵六", orgs["bank"])
