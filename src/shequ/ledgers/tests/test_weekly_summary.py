"""The weekly summary of a community against a data set built by hand, step by step on a
fixed clock, so every figure below can be checked by reading the story."""

import contextlib
import datetime as dt

import pytest
from django.utils import timezone as django_timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import NotFound
from shequ.ledgers import alerting, selectors, services
from shequ.ledgers.models import Category, EarlyWarning
from shequ.ledgers.workdays import TZ
from shequ.supervision import selectors as supervision
from shequ.supervision import services as supervise
from shequ.supervision.exports import weekly_workbook
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def clock(monkeypatch, y, m, d, h=10):
    when = dt.datetime(y, m, d, h, tzinfo=TZ)
    with monkeypatch.context() as mp:
        mp.setattr(django_timezone, "now", lambda: when)
        yield when


@pytest.fixture
def story(monkeypatch, place, staff, grid_worker, supervisor):
    """The week of Monday 16 November 2026 in the community of ``place``."""
    cat = {c.code: c for c in Category.objects.all()}
    other_tree = factories.Tree()
    c = {}

    def new(key, code, day, h=10, **kw):
        with clock(monkeypatch, 2026, *day, h) as when:
            c[key] = services.case_create(actor=staff, category=cat[code], source="walk_in",
                                          building=place.building1, received_at=when,
                                          description=key, evaluate_warnings=False, **kw)

    def at(day, fn, h=12):
        with clock(monkeypatch, 2026, *day, h):
            fn()

    work = {"actor": grid_worker}
    # I: the week before; resolved 16th, rated 基本满意 on the 17th (a rating in the week).
    new("I", "sanitation", (11, 12))
    at((11, 12), lambda: services.case_assign(actor=staff, case=c["I"], assignee=grid_worker))
    at((11, 13), lambda: services.case_start(case=c["I"], **work))
    at((11, 16), lambda: services.case_resolve(case=c["I"], note="ok", **work))
    at((11, 17), lambda: services.case_rate(actor=staff, case=c["I"], rating="basic"))
    # E: the week before, due Fri 13th, resolved only on the 24th: overdue at the week's end.
    new("E", "sanitation", (11, 10))
    at((11, 10), lambda: services.case_assign(actor=staff, case=c["E"], assignee=grid_worker))
    at((11, 11), lambda: services.case_start(case=c["E"], **work))
    # A: received Mon 16th, resolved 18th, 满意 on the 19th.
    new("A", "sanitation", (11, 16))
    at((11, 16), lambda: services.case_assign(actor=staff, case=c["A"], assignee=grid_worker))
    at((11, 17), lambda: services.case_start(case=c["A"], **work))
    at((11, 18), lambda: services.case_resolve(case=c["A"], note="ok", **work))
    at((11, 19), lambda: services.case_rate(actor=staff, case=c["A"], rating="satisfied"))
    # B: noise, resolved 20th, 不满意 on the 21st → reopened (in progress, new deadline).
    new("B", "noise", (11, 17), attributes={"noise_time": "night"})
    at((11, 17), lambda: services.case_assign(actor=staff, case=c["B"], assignee=grid_worker))
    at((11, 18), lambda: services.case_start(case=c["B"], **work))
    at((11, 20), lambda: services.case_resolve(case=c["B"], note="ok", **work))
    at((11, 21), lambda: services.case_rate(actor=staff, case=c["B"], rating="unsatisfied"))
    # C: appeal received 18th; its deadline set to Fri 20th: overdue at the week's end.
    new("C", "complaint", (11, 18))
    at((11, 18), lambda: services.case_assign(actor=staff, case=c["C"], assignee=grid_worker))
    c["C"].__class__.objects.filter(pk=c["C"].pk).update(
        due_at=dt.datetime(2026, 11, 20, 23, 59, 59, tzinfo=TZ))
    # D: stability, received and rejected on the 19th.
    new("D", "conflict_risk", (11, 19))
    at((11, 19), lambda: services.case_reject(actor=staff, case=c["D"], reason="不属实"))
    # F: Sunday 22nd 23:00 — still this week; G: Monday 23rd 01:00 — next week.
    new("F", "sanitation", (11, 22), h=23)
    new("G", "sanitation", (11, 23), h=1)
    # H: another community entirely.
    with clock(monkeypatch, 2026, 11, 18):
        services.case_create(actor=SYSTEM, category=cat["sanitation"], source="hotline",
                             building=other_tree.household1.entrance.building,
                             description="H", evaluate_warnings=False)
    # Warnings: raised on the 18th and closed on the 20th; another raised on the 24th.
    with clock(monkeypatch, 2026, 11, 18) as now:
        alerting.run_all(now=now, kinds=["deadline"])  # E is overdue → one warning
    with clock(monkeypatch, 2026, 11, 20):
        services.warning_close(actor=staff, warning=EarlyWarning.objects.get(), note="督办")
    with clock(monkeypatch, 2026, 11, 24) as now:
        alerting.run_all(now=now, kinds=["deadline"])  # C overdue now: raised after the week
    at((11, 24), lambda: services.case_resolve(case=c["E"], note="ok", **work), h=15)
    # Comments: one dated in the week, one after it.
    with clock(monkeypatch, 2026, 11, 18):
        supervise.comment_add(actor=supervisor, subject=c["C"], text="请尽快答复")
    with clock(monkeypatch, 2026, 11, 25):
        supervise.comment_add(actor=supervisor, worker=grid_worker, community=place.community,
                              text="本周走访不足")
    return c


def test_weekly_summary_figures(story, staff, place):
    # when
    s = selectors.weekly_summary(actor=staff, community=place.community,
                                 day=dt.date(2026, 11, 19))
    # then
    assert s.received == 5  # A B C D F
    assert s.by_ledger == {"livelihood": 3, "appeal": 1, "stability": 1}
    assert s.by_state == {"received": 1, "assigned": 1, "in_progress": 1, "resolved": 0,
                          "closed": 1, "escalated": 0, "rejected": 1}
    assert {(name, n) for name, _l, n in s.by_category} == {
        ("环境卫生", 2), ("噪音扰民", 1), ("投诉建议", 1), ("矛盾纠纷隐患", 1)}
    assert s.resolved == 3  # I (16th), A (18th), B (20th, since reopened)
    assert s.closed == 2  # I (17th), A (19th); D was rejected, not closed
    assert [c.description for c in s.overdue] == ["E", "C"]
    assert s.ratings == {"satisfied": 1, "basic": 1, "unsatisfied": 1}
    assert s.satisfaction_rate == pytest.approx(2 / 3)
    assert (s.warnings_raised, s.warnings_closed) == (1, 1)
    w = supervision.weekly(actor=staff, community=place.community, day=dt.date(2026, 11, 19))
    assert [cm.text for cm in w.comments] == ["请尽快答复"]
    assert [cm.subject_url for cm in w.comments] == [f"/cases/{story['C'].pk}/"]


def test_weekly_summary_is_scoped(story, place, other_grid_worker):
    other_staff = factories.user("community_staff", factories.Tree().community)
    with pytest.raises(NotFound):
        selectors.weekly_summary(actor=other_staff, community=place.community,
                                 day=dt.date(2026, 11, 19))


def test_weekly_workbook_has_the_same_figures(story, staff, place):
    from openpyxl import load_workbook

    w = supervision.weekly(actor=staff, community=place.community, day=dt.date(2026, 11, 19))
    wb = load_workbook(weekly_workbook(w))
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    overdue = [c.value for row in wb.worksheets[2].iter_rows() for c in row]
    comments = [c.value for row in wb.worksheets[-1].iter_rows() for c in row]
    assert 5 in values and "E" in overdue and "C" in overdue and "请尽快答复" in comments
