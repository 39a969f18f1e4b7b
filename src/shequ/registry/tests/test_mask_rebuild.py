"""A masked ID number cannot be rebuilt from what is shown with it.

The attacker is someone who may see people but not reveal them (a supervisor of the 监委会,
anyone holding a masked export). For each door — the resident page, the API and the masked export —
the test collects what that door shows about one person (the masked number, the birth date
or only the age / birth year, the gender), assumes the worst about the rest (the 6-digit
region code is the local one, known to everybody), and counts the 18-character numbers
with a valid GB 11643 check character that agree with all of it. A handful of candidates is
a rebuilt number; the rule is at least ``MIN_CANDIDATES``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shequ.accounts.services import api_token_create
from shequ.core.actors import SYSTEM
from shequ.core.validators import id_check_char
from shequ.rosters.exporting import export_residents
from shequ.testing import factories

pytestmark = pytest.mark.django_db
MIN_CANDIDATES = 1000
ID = "51170319440904468X"
BIRTH = dt.date(1944, 9, 4)


def candidates(masked: str, *, region: str, gender: str, dates) -> set[str]:
    """Every valid ID number that shows as ``masked`` for someone of this gender born on
    one of ``dates``, in ``region``."""
    assert len(masked) == 18
    out = set()
    for day in dates:
        birth = day.strftime("%Y%m%d")
        head = region + birth
        if any(m != "*" and m != c for m, c in zip(masked[:14], head, strict=True)):
            continue
        for n in range(1000):
            seq = f"{n:03d}"
            if (n % 2 == 1) != (gender == "M"):
                continue
            if any(m != "*" and m != c for m, c in zip(masked[14:17], seq, strict=True)):
                continue
            check = id_check_char(head + seq)
            if masked[17] in ("*", check):
                out.add(head + seq + check)
    return out


def dates_for(*, birth_date=None, birth_year=None, age=None, today=None):
    """The birth dates consistent with what a door shows."""
    if birth_date:
        return [dt.date.fromisoformat(str(birth_date))]
    today = today or dt.date.today()
    if birth_year:
        start, end = dt.date(int(birth_year), 1, 1), dt.date(int(birth_year), 12, 31)
    else:
        start = today.replace(year=today.year - int(age) - 1) + dt.timedelta(days=1)
        end = today.replace(year=today.year - int(age))
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def assert_not_rebuildable(masked: str, dates) -> None:
    found = candidates(masked, region=ID[:6], gender="F", dates=dates)
    assert ID in found  # the count is about this person: the true number is among them
    assert len(found) >= MIN_CANDIDATES, f"{masked} with {len(dates)} birth date(s) " \
        f"leaves {len(found)} candidate(s)"


@pytest.fixture
def supervisor(tree):
    """Sees everyone in the community, may reveal nothing."""
    return factories.user("supervisor", tree.community)


@pytest.fixture
def ye(tree):
    return factories.resident(tree.household1, name="叶玉", id_number=ID, relation="head")


def test_the_api_does_not_give_away_the_hidden_digits(client, supervisor, ye):
    """GET /api/v1/residents/{id}, the list and the household: a viewer without reveal
    gets the age and birth year, not the date, beside a mask that leaves ≥ 1000 numbers."""
    # given
    auth = factories.bearer(supervisor, name="t")
    # when
    detail = client.get(f"/api/v1/residents/{ye.pk}", **auth).json()
    listed = client.get("/api/v1/residents", **auth).json()["items"][0]
    member = client.get(f"/api/v1/households/{ye.household_id}", **auth).json()["members"][0]
    # then
    for shown in (detail, listed, member):
        assert_not_rebuildable(shown["id_number_masked"], dates_for(
            birth_date=shown.get("birth_date"), birth_year=shown.get("birth_year"),
            age=shown["age"]))


def _dates_on_page(page: str, age: int):
    for text in (BIRTH.isoformat(), f"{BIRTH:%Y年%-m月%-d日}", f"{BIRTH:%Y/%m/%d}",
                 f"{BIRTH:%Y%m%d}"):
        if text in page:
            return [BIRTH]
    return dates_for(age=age)


def test_the_resident_page_does_not_give_away_the_hidden_digits(client, supervisor, ye):
    """The page a supervisor sees: masked number and age, no full birth date."""
    # given
    client.force_login(supervisor)
    # when
    page = client.get(reverse("registry:resident-detail", args=[ye.pk])).content.decode()
    # then
    masked = re.search(r'data-testid="masked-id_number">([^<]+)<', page)[1]
    age = int(re.search(r"(\d+) ?岁|(\d+) years?", page).group(1) or
              re.search(r"(\d+) years?", page).group(1))
    assert_not_rebuildable(masked, _dates_on_page(page, age))


def test_the_masked_export_does_not_give_away_the_hidden_digits(tree, staff, ye, tmp_path):
    """The masked roster export: its birth column cannot complete its ID column."""
    # given
    out = tmp_path / "masked.xlsx"
    # when
    export_residents(actor=staff, area=tree.community, out=out)
    # then
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    shown = dict(zip(header, first, strict=True))
    birth = shown.get("出生日期")
    dates = dates_for(birth_date=birth, birth_year=shown.get("出生年份"), age=shown.get("年龄"))
    assert_not_rebuildable(shown["身份证号码"], dates)


def test_a_revealing_role_still_sees_the_birth_date(client, staff, ye):
    """Staff who may reveal keep the full birth date (page and API)."""
    # given
    client.force_login(staff)
    _token, raw = api_token_create(actor=SYSTEM, user=staff, name="t")
    # when
    page = client.get(reverse("registry:resident-detail", args=[ye.pk])).content.decode()
    detail = client.get(f"/api/v1/residents/{ye.pk}",
                        HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    # then
    assert BIRTH.isoformat() in page and detail["birth_date"] == BIRTH.isoformat()
