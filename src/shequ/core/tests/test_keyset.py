"""The one keyset pager (core.keyset): ascending or descending, on date-time columns too,
forward and back, every row exactly once; a cursor it did not write is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.errors import DomainError
from shequ.core.keyset import capped_count, keyset_page, keyset_window
from shequ.registry.models import Resident
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def residents(tree):
    """Nine residents, three pairs registered at the same instant (ties broken by id)."""
    start = timezone.now().replace(microsecond=0)
    out = []
    for i in range(9):
        r = factories.resident(tree.household1, f"居民{i}", relation="other")
        Resident.objects.filter(pk=r.pk).update(created_at=start - dt.timedelta(minutes=i // 2))
        out.append(Resident.objects.get(pk=r.pk))
    return out


def _forward(qs, limit):
    pages, cursor = [], None
    while True:
        page = keyset_window(qs, limit=limit, after=cursor)
        pages.append(page)
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_newest_first_on_a_datetime_visits_every_row_once(residents):
    # given
    qs = Resident.objects.order_by("-created_at", "-id")
    expected = [r.pk for r in sorted(residents, key=lambda r: (r.created_at, r.pk),
                                     reverse=True)]
    # when
    pages = _forward(qs, 4)
    # then
    assert [r.pk for p in pages for r in p.rows] == expected
    assert [len(p.rows) for p in pages] == [4, 4, 1]


def test_going_back_returns_the_page_before(residents):
    qs = Resident.objects.order_by("-created_at", "-id")
    first, second, third = _forward(qs, 4)
    # the first page has no previous page; the later ones do
    assert first.previous_cursor is None and third.previous_cursor
    back = keyset_window(qs, limit=4, before=third.previous_cursor)
    assert [r.pk for r in back.rows] == [r.pk for r in second.rows]
    assert back.next_cursor and back.previous_cursor
    start = keyset_window(qs, limit=4, before=back.previous_cursor)
    assert [r.pk for r in start.rows] == [r.pk for r in first.rows]
    assert start.previous_cursor is None  # nothing before the first page


def test_ascending_order_still_pages_as_before(residents):
    rows, cursor = keyset_page(Resident.objects.order_by("id"), limit=5, cursor=None)
    rest, end = keyset_page(Resident.objects.order_by("id"), limit=5, cursor=cursor)
    assert [r.pk for r in rows + rest] == sorted(r.pk for r in residents) and end is None


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJ4Il0", "x" * 500])
def test_a_cursor_it_did_not_write_is_refused_naming_the_field(residents, cursor):
    qs = Resident.objects.order_by("-created_at", "-id")
    with pytest.raises(DomainError) as caught:
        keyset_window(qs, limit=3, after=cursor)
    assert (caught.value.code, caught.value.field) == ("invalid_cursor", "cursor")


def test_a_naive_datetime_in_a_cursor_is_refused(residents):
    from shequ.core.keyset import encode_cursor

    forged = encode_cursor(["2026-01-01T00:00:00", 1])
    with pytest.raises(DomainError):
        keyset_window(Resident.objects.order_by("-created_at", "-id"), limit=3, after=forged)


def test_counts_stop_at_the_cap(residents, monkeypatch):
    from shequ.core import keyset

    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    assert capped_count(Resident.objects.all()) == (5, True)
    monkeypatch.setattr(keyset, "COUNT_CAP", 50)
    assert capped_count(Resident.objects.all()) == (9, False)


def test_a_date_column_pages_both_ways_and_refuses_a_forged_date(residents):
    """Soonest first on a date (a deadline): every row once, back to the page before."""
    from shequ.core.keyset import encode_cursor

    # given: birth dates spread over three days
    for i, r in enumerate(residents):
        Resident.objects.filter(pk=r.pk).update(birth_date=dt.date(1980, 1, 1 + i % 3))
    qs = Resident.objects.order_by("birth_date", "id")
    expected = list(qs.values_list("pk", flat=True))
    # when
    pages = _forward(qs, 4)
    back = keyset_window(qs, limit=4, before=pages[2].previous_cursor)
    # then
    assert [r.pk for p in pages for r in p.rows] == expected
    assert [r.pk for r in back.rows] == [r.pk for r in pages[1].rows]
    with pytest.raises(DomainError):
        keyset_window(qs, limit=3, after=encode_cursor(["1980-13-01", 1]))
    with pytest.raises(DomainError):
        keyset_window(qs, limit=3, after=encode_cursor([19800101, 1]))
