"""Every download — every CSV/Excel list, the weekly summary, the roster export and the
import error workbook — hands back text that looks like a formula as text: an apostrophe in
front in CSV, a text cell (never a formula) in Excel. Numbers, negative ones included, stay
numbers.

The data is the tiny demo with a hostile value planted in every name a download shows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shequ.core import downloads
from shequ.core.actors import SYSTEM
from shequ.testing.demo import tiny_demo

HOSTILE = '=HYPERLINK("http://e.x/","点")'  # short enough for a 40-character name
OTHER_SIGNS = ("+1+1", "-1+1", "@SUM(A1)", "\t=1+1", " =1+1")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The tiny demo with cases, every shown name replaced by a formula; rolled back after
    the module."""
    with django_db_blocker.unblock(), tiny_demo():
        _complete()
        _plant()
        yield


def _complete():
    """Rows the tiny demo does not make: one sign-up, enrolment, dual registration,
    service project and redemption, written straight to the tables (these tests are about
    what downloads show, not how the rows came to be)."""
    from shequ.campaigns.models import Activity, Signup
    from shequ.courses.models import Attendance, Course, CourseSession, Enrolment
    from shequ.members.models import DualRegistration
    from shequ.organizations.models import Unit
    from shequ.registry.models import PartyMember, Resident
    from shequ.volunteers.models import PointsAccount, Redemption, Reward, ServiceProject

    resident = Resident.objects.order_by("pk").first()
    activity = Activity.objects.order_by("pk").first()
    Signup.objects.create(activity=activity, resident=resident, role="participant",
                          state="confirmed", path=resident.path)
    course = Course.objects.order_by("pk").first()
    Enrolment.objects.create(course=course, resident=resident, path=resident.path)
    Attendance.objects.create(
        session=CourseSession.objects.create(
            course=course, title="=1", starts_at=timezone.now(), hours=2, checkin_token="t1",
            ends_at=timezone.now() + dt.timedelta(hours=2)),
        resident=resident, method="roll_call", hours=2, session_start=timezone.now(),
        path=resident.path)
    member = PartyMember.objects.select_related("resident").order_by("pk").first()
    unit = Unit.objects.order_by("pk").first()
    PartyMember.objects.filter(pk=member.pk).update(unit=unit)
    DualRegistration.objects.create(member=member, unit=unit, community=activity.community,
                                    path=member.resident.path)
    ServiceProject.objects.create(name="助餐", community=activity.community,
                                  path=activity.community.path)
    account = PointsAccount.objects.order_by("pk").first()
    Redemption.objects.create(account=account, reward=Reward.objects.order_by("pk").first(),
                              cost=1, code="T0001", path=account.path)


def _plant():
    from shequ.campaigns.models import Activity, Nomination, Selection
    from shequ.courses.models import Course
    from shequ.organizations.models import Unit
    from shequ.registry.models import Resident
    from shequ.territory.models import Area
    from shequ.volunteers.models import Reward, ServiceOrganisation, ServiceProject

    def unique(text):  # names unique per parent stay unique
        return Concat(Value(text), Cast("pk", CharField()))

    Area.objects.update(name=unique(HOSTILE))
    Resident.objects.update(name=HOSTILE)
    Nomination.objects.update(nominee=HOSTILE, reason=OTHER_SIGNS[0])
    Activity.objects.update(title=unique(HOSTILE), place=OTHER_SIGNS[1])
    ServiceOrganisation.objects.update(name=unique(OTHER_SIGNS[2]))
    ServiceProject.objects.update(name=unique(OTHER_SIGNS[3]))
    Reward.objects.update(name=unique(OTHER_SIGNS[4]), merchant=HOSTILE)
    Unit.objects.update(name=unique(HOSTILE))
    Course.objects.update(title=unique(HOSTILE))
    Selection.objects.update(vote_closes_at=timezone.now(), hide_results=False)


def _first(model, **kw):
    obj = model.objects.filter(**kw).order_by("pk").first()
    assert obj is not None, f"the demo has no {model.__name__} with {kw}"
    return obj.pk


def _urls():
    """(label, url without the format) for every list download."""
    from shequ.campaigns.models import Activity, Selection
    from shequ.courses.models import Course
    from shequ.members.models import DualRegistration
    from shequ.territory.models import Area

    community = _first(Area, kind="community")
    year = timezone.localdate().year
    return {
        "activities": reverse("campaigns:activity-list") + "?all=1",
        "activity sign-ups": reverse("campaigns:signups-export", args=[
            _first(Activity, signups__isnull=False)]) + "?",
        "selection results": reverse("campaigns:results-export", args=[
            _first(Selection, nominations__state="accepted")]) + "?",
        "course learners": reverse("courses:learners-export", args=[
            _first(Course, enrolments__isnull=False)]) + "?",
        "study hours": reverse("courses:study-overview") + f"?year={year}",
        "dual registrations": reverse("members:registration-list") + "?",
        "unit report": reverse("members:unit-report", args=[
            DualRegistration.objects.order_by("pk").first().unit_id]) + "?",
        "volunteers": reverse("volunteers:volunteer-list") + "?",
        "teams": reverse("volunteers:team-list") + "?",
        "service projects": reverse("volunteers:project-list") + "?",
        "rewards": reverse("volunteers:reward-list") + "?",
        "redemptions": reverse("volunteers:redemption-list") + "?",
        "points leaderboard": reverse("volunteers:points-overview")
        + f"?community={community}&year={year}",
    }


LISTS = ["activities", "activity sign-ups", "selection results", "course learners",
         "study hours", "dual registrations", "unit report", "volunteers", "teams",
         "service projects", "rewards", "redemptions", "points leaderboard"]


@pytest.fixture
def admin(demo, db):
    c = Client()
    c.force_login(__import__("shequ.accounts.models", fromlist=["User"]).User.objects.get(
        username="district_admin"))
    return c


def _xlsx_cells(content: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _assert_xlsx_safe(content: bytes) -> None:
    cells = _xlsx_cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    planted = [c for c in cells if isinstance(c.value, str) and downloads.is_formula_like(c.value)]
    assert planted, "the hostile value did not reach this download"
    assert all(c.quotePrefix for c in planted)


def _assert_csv_safe(content: bytes) -> None:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    values = [v for row in rows for v in row]
    assert any("HYPERLINK" in v or v.startswith("'") for v in values), \
        "the hostile value did not reach this download"
    assert not [v for v in values if downloads.is_formula_like(v)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("label", LISTS)
def test_every_list_download_hands_formulas_back_as_text(admin, label, fmt):
    # given a list whose rows carry a formula typed as a name
    url = _urls()[label] + f"&format={fmt}"
    # when
    response = admin.get(url)
    # then
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    (_assert_xlsx_safe if fmt == "xlsx" else _assert_csv_safe)(content)


def test_the_weekly_summary_hands_formulas_back_as_text(admin):
    from shequ.territory.models import Area

    # when
    response = admin.get(reverse("supervision:weekly-xlsx"),
                         {"community": _first(Area, kind="community")})
    # then
    assert response.status_code == 200
    _assert_xlsx_safe(b"".join(response.streaming_content))


def test_the_roster_export_keeps_formulas_as_text_and_reads_back_unchanged(demo, db, tmp_path):
    """Next to revealed ID numbers, a name typed as a formula is still only text; the
    importer reads the name back exactly as it was."""
    from shequ.rosters.exporting import export_residents
    from shequ.rosters.reading import read_rows
    from shequ.territory.models import Area

    # given
    community = Area.objects.get(pk=_first(Area, kind="community"))
    out = tmp_path / "roster.xlsx"
    # when
    export_residents(actor=SYSTEM, area=community, out=out, reveal=True, reason="核对")
    # then
    _assert_xlsx_safe(out.read_bytes())
    rows = read_rows(out)
    assert rows[1][1] == HOSTILE


def test_the_error_workbook_hands_formulas_back_as_text(tmp_path):
    from shequ.rosters.errorbook import write_error_workbook

    # given a plan with a rejected row whose cells are formulas
    class Header:
        cells = ["姓名", "身份证号", "备注"]
        width = 3

    class Row:
        raw = [HOSTILE, "@bad", "-1+1"]
        errors = [("id_format", "id_number", "=2+2")]
        number = 2

    class Plan:
        header = Header()
        rejected = [Row()]

    out = tmp_path / "errors.xlsx"
    # when
    write_error_workbook(Plan(), out)
    # then
    _assert_xlsx_safe(out.read_bytes())
    values = [c.value for c in _xlsx_cells(out.read_bytes())]
    assert HOSTILE in values and "@bad" in values and "=2+2" in values and 2 in values


@pytest.mark.parametrize(("value", "csv_text"), [
    (-5, "-5"), (-2.5, "-2.5"), ("-5", "'-5"), ("=1+1", "'=1+1"), ("+86 138", "'+86 138"),
    ("@x", "'@x"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("  =1", "'  =1"), ("a=1", "a=1"),
    ("", ""), ("张三", "张三"),
])
def test_one_rule_for_every_cell(value, csv_text):
    """Negative numbers stay numbers; text a spreadsheet would evaluate does not."""
    # when
    response = downloads.table(actor=None, name="t", fmt="csv", header=["h"], rows=[[value]])
    wb = downloads.table(actor=None, name="t", fmt="xlsx", header=["h"], rows=[[value]])
    # then
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[1] == [csv_text]
    cell = _xlsx_cells(b"".join(wb.streaming_content))[1]
    assert cell.data_type != "f" and (cell.value == value or (value == "" and cell.value is None))
    assert cell.quotePrefix == (csv_text.startswith("'"))
