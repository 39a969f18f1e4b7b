"""One intake over the API costs a fixed number of queries, and the per-process copies of
the categories and the holiday calendar follow the staff's changes."""

import datetime as dt

import pytest
from django.core.cache import cache

from shequ.accounts.services import api_token_create
from shequ.core.actors import SYSTEM
from shequ.ledgers import reference
from shequ.ledgers.models import Case, Category
from shequ.ledgers.services import config
from shequ.ledgers.workdays import TZ

pytestmark = pytest.mark.django_db
URL = "/api/v1/ledgers/cases"

# Token, building, grants; then in the transaction: case, event, audit chain head read,
# audit row, chain head write, pending warning check; the transaction's two statements (a
# savepoint here, BEGIN IMMEDIATE / COMMIT when served). Categories, holidays and the
# timeline are not read (it was 14 before), nor the reference version within a second of
# the last look (it was 12). The token, grants, building and
# the writes are plain SQL written once per process (``core.lean``): the count is what keeps
# them so.
INTAKE_QUERIES = 11


@pytest.fixture
def post(client, grid_worker):
    _token, raw = api_token_create(actor=SYSTEM, user=grid_worker, name="t")

    def send(body):
        return client.post(URL, body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")

    return send


def _body(place, **extra):
    return {"category": "sanitation", "description": "垃圾满溢",
            "building": place.building1.pk, "reporter_phone": "13800001234", **extra}


def _due(response) -> dt.date:
    return dt.datetime.fromisoformat(response.json()["due_at"]).astimezone(TZ).date()


def test_one_intake_costs_a_fixed_number_of_queries(post, place, django_assert_num_queries):
    """A second intake by the same caller runs exactly INTAKE_QUERIES statements: a lookup
    per request coming back (category, holidays, timeline re-read) makes it fail."""
    # given the caller's first intake (marks the token used, fills the process's copy)
    assert post(_body(place)).status_code == 201
    # when another case is taken in
    with django_assert_num_queries(INTAKE_QUERIES):
        r = post(_body(place))
    # then it is created with its timeline, its columns as the ORM would have written them
    assert r.status_code == 201
    assert [e["kind"] for e in r.json()["events"]] == ["create"]
    case = Case.objects.get(pk=r.json()["id"])
    assert (case.public_description, case.state, case.version) == ("", "received", 1)
    assert case.events.get().data == {"source": "api"}


def test_a_changed_deadline_applies_to_the_next_intake(post, place, district_admin):
    """Staff changing a category's deadline is seen by the very next intake."""
    # given an intake that filled the copy
    first = post(_body(place))
    cat = Category.objects.get(code="sanitation")
    # when the deadline is lengthened by ten working days
    config.category_update(actor=district_admin, category=cat, ledger=cat.ledger,
                           name=cat.name, public=cat.public, is_active=True,
                           deadline_working_days=cat.deadline_working_days + 10)
    second = post(_body(place))
    # then the new case is due later
    assert (_due(second) - _due(first)).days >= 14


def test_a_deactivated_category_is_refused_at_once(post, place, district_admin):
    """A category switched off is an unknown category for the next intake."""
    # given an intake that filled the copy
    assert post(_body(place)).status_code == 201
    cat = Category.objects.get(code="sanitation")
    # when staff deactivate it
    config.category_update(actor=district_admin, category=cat, ledger=cat.ledger,
                           name=cat.name, public=cat.public, is_active=False,
                           deadline_working_days=cat.deadline_working_days)
    r = post(_body(place))
    # then the intake is refused on the category field
    assert (r.status_code, r.json()["field"]) == (400, "category")
    assert Case.objects.count() == 1


def test_a_new_holiday_moves_the_next_deadline(post, place, district_admin):
    """A holiday declared on the first working day of the deadline pushes it one day."""
    # given an intake that filled the copy
    first = post(_body(place))
    due = _due(first)
    # when every working day until that deadline becomes a holiday
    day = dt.datetime.fromisoformat(first.json()["created_at"]).astimezone(
        TZ).date()
    while day < due:
        day += dt.timedelta(days=1)
        config.holiday_set(actor=district_admin, date=day, is_workday=False)
    second = post(_body(place))
    # then the next case is due later
    assert _due(second) > due


def test_a_change_made_by_another_process_is_seen_within_a_second(post, place, monkeypatch):
    """Another process's change (a new version in the shared cache, without this process's
    signals) makes this process reload its copy once its last look is a second old."""
    # given an intake that filled the copy
    first = post(_body(place))
    # when another process lengthens the deadline and publishes a new version
    Category.objects.filter(code="sanitation").update(deadline_working_days=30)
    cache.set(reference.VERSION_KEY, "from-another-process", None)
    unchanged = post(_body(place))
    later = reference._clock() + reference.CHECK_SECONDS
    monkeypatch.setattr(reference, "_clock", lambda: later)
    second = post(_body(place))
    # then this process uses the old deadline until a second has passed, then the new one
    assert _due(unchanged) == _due(first)
    assert (_due(second) - _due(first)).days >= 14
