"""The case list as CSV or Excel (the filters and scope of the page, personal data
masked), and a case's printable receipt for the resident at the counter."""

import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from openpyxl import load_workbook

from shequ.core import keyset as paging
from shequ.core.actors import SYSTEM
from shequ.ledgers import services
from shequ.testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]
PHONE = "13912345678"


def _csv(response) -> str:
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig")


def test_the_list_downloads_as_csv_with_its_filters_and_scope(login, make_case, staff, place):
    """Rows of the user's area and filters only; phones masked, wherever they were typed."""
    # given a case mentioning a phone, a rejected one, and one in another community
    mine = make_case(staff, title=f"请回电{PHONE}", reporter_phone=PHONE)
    rejected = make_case(staff, building=place.building2)
    services.case_reject(actor=staff, case=rejected, reason="非本社区事项")
    other = factories.Tree()
    make_case(factories.user("community_staff", other.community),
              building=other.household1.entrance.building)
    # when
    body = _csv(login(staff).get(reverse("ledgers:case-list"),
                                 {"state": "open", "format": "csv"}))
    # then
    lines = body.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{mine.pk},")
    assert PHONE not in body and "139****5678" in body
    assert lines[0].startswith("编号,") and "环境卫生" in lines[1]


def test_the_list_downloads_as_excel(login, make_case, staff):
    make_case(staff)
    r = login(staff).get(reverse("ledgers:case-list"), {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert ws.max_row == 2 and ws.cell(1, 1).value == "编号"


def test_a_download_over_the_cap_is_refused_with_a_message(login, make_case, staff,
                                                           monkeypatch):
    """Too many rows for one file: the page says to narrow the filters; no file."""
    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    for _ in range(3):
        make_case(staff, evaluate_warnings=False)
    c = login(staff)
    r = c.get(reverse("ledgers:case-list"), {"format": "csv", "ledger": "livelihood"})
    assert r.status_code == 302 and r.url == reverse("ledgers:case-list") + "?ledger=livelihood"
    page = c.get(r.url).content.decode()
    assert "缩小" in page


def test_a_case_prints_as_a_receipt(login, make_case, staff):
    """Number, category, dates and deadline, the phone masked, how to follow the case; no
    menu; print styles."""
    case = make_case(staff, reporter_name="王女士", reporter_phone=PHONE, source="walk_in")
    r = login(staff).get(reverse("ledgers:case-print", args=[case.pk]))
    page = r.content.decode()
    assert r.status_code == 200 and 'data-testid="receipt"' in page
    for text in (f"#{case.pk}", "环境卫生", "139****5678",
                 case.created_at.astimezone().strftime("%Y-%m-%d"), "个工作日"):
        assert text in page, text
    assert PHONE not in page and "mainnav" not in page and "shequ/receipt.css" in page
    assert "@media print" in Path(finders.find("shequ/receipt.css")).read_text()


def test_a_portal_report_receipt_points_to_the_status_page(login, staff, place, sanitation,
                                                           fresh_limits):
    case = services.case_report(actor=SYSTEM, category=sanitation, community=place.community,
                                building=place.building1, description="路灯不亮",
                                reporter_phone=PHONE, ip="10.0.0.7")
    page = login(staff).get(reverse("ledgers:case-print", args=[case.pk])).content.decode()
    assert reverse("ledgers:report-status") in page


def test_the_receipt_follows_scope(login, make_case, staff, other_grid_worker):
    case = make_case(staff)
    r = login(other_grid_worker).get(reverse("ledgers:case-print", args=[case.pk]))
    assert r.status_code == 404
