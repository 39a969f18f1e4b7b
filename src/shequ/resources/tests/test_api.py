"""The booking API: 201 confirmed, 202 pending, 409 with the conflicting slot, the decision
endpoints, availability and the error shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.resources.models import Booking, BookingStatus
from shequ.testing import factories

from .conftest import at, make_resource

pytestmark = pytest.mark.django_db


def post(client, url, user, body=None):
    return client.post(url, body or {}, content_type="application/json",
                       **factories.bearer(user))


def booking_body(day, start=9, end=11, **kw):
    return {"starts_at": at(day, start).isoformat(), "ends_at": at(day, end).isoformat(), **kw}


def test_owner_201_request_202_taken_409(client, room, delegate, resident, other_resident, day,
                                         unit):
    url = f"/api/v1/resources/{room.pk}/bookings"
    # the owner's booking is confirmed
    r = post(client, url, delegate, booking_body(day, 9, 11, unit=unit.pk))
    assert r.status_code == 201 and r.json()["status"] == "confirmed"
    # a resident's request elsewhere in the day is pending
    r = post(client, url, resident, booking_body(day, 12, 13))
    assert r.status_code == 202 and r.json()["status"] == "requested"
    # a request over the confirmed slot is refused, naming it
    r = post(client, url, other_resident, booking_body(day, 10, 12))
    body = r.json()
    assert r.status_code == 409 and body["code"] == "slot_taken" and body["field"] == "starts_at"
    assert body["conflict"]["starts_at"].startswith(f"{day.isoformat()}T09:00")


def test_refusals_have_the_error_shape(client, hall, resident, day):
    url = f"/api/v1/resources/{hall.pk}/bookings"
    r = post(client, url, resident, booking_body(day, 6, 7))
    assert r.status_code == 400
    assert r.json() == {"code": "outside_opening_hours", "message": r.json()["message"],
                        "field": "starts_at"}
    r = post(client, url, resident, booking_body(day, 9, 10, attendees=0))
    assert r.status_code == 400 and r.json()["field"] == "attendees"


def test_decision_endpoints(client, room, delegate, resident, day):
    b = post(client, f"/api/v1/resources/{room.pk}/bookings", resident, booking_body(day)).json()
    base = f"/api/v1/bookings/{b['id']}"
    # the booker may not confirm: it is not theirs to decide (404, as for strangers)
    assert post(client, f"{base}/confirm", resident).status_code == 404
    r = post(client, f"{base}/propose", delegate, {"message": "换到下午",
                                                    "starts_at": at(day, 14).isoformat(),
                                                    "ends_at": at(day, 15).isoformat()})
    assert r.status_code == 201 and r.json()["status"] == "negotiating"
    r = post(client, f"{base}/accept", resident)
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert r.json()["starts_at"].startswith(f"{day.isoformat()}T14:00")
    r = post(client, f"{base}/cancel", resident, {"reason": "临时有事"})
    assert r.json()["status"] == "cancelled" and r.json()["reason"] == "临时有事"
    r = post(client, f"{base}/confirm", delegate)
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


def test_confirm_and_decline(client, room, delegate, resident, other_resident, day):
    a = post(client, f"/api/v1/resources/{room.pk}/bookings", resident, booking_body(day)).json()
    b = post(client, f"/api/v1/resources/{room.pk}/bookings", other_resident,
             booking_body(day, 10, 12)).json()
    assert post(client, f"/api/v1/bookings/{a['id']}/confirm", delegate).status_code == 200
    r = post(client, f"/api/v1/bookings/{b['id']}/confirm", delegate)
    assert r.status_code == 409 and r.json()["conflict"]["booking"] == a["id"]
    r = post(client, f"/api/v1/bookings/{b['id']}/decline", delegate, {"reason": "已被预约"})
    assert r.status_code == 200 and r.json()["status"] == "declined"


def test_someone_elses_booking_is_not_found(client, room, resident, other_resident, day):
    b = post(client, f"/api/v1/resources/{room.pk}/bookings", resident, booking_body(day)).json()
    r = post(client, f"/api/v1/bookings/{b['id']}/cancel", other_resident, {"reason": "x"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_availability(client, hall, staff, resident, day):
    Booking.objects.all().delete()
    post(client, f"/api/v1/resources/{hall.pk}/bookings", staff, booking_body(day, 9, 11))
    r = client.get(f"/api/v1/resources/{hall.pk}/availability?from={day}&to={day}",
                   **factories.bearer(resident))
    assert r.status_code == 200
    (d,) = r.json()
    assert [b["status"] for b in d["busy"]] == ["confirmed"]
    assert [f["starts_at"][11:16] for f in d["free"]] == ["08:00", "11:00"]
    r = client.get(f"/api/v1/resources/{hall.pk}/availability?from=bad&to={day}",
                   **factories.bearer(resident))
    assert r.status_code == 400 and r.json()["field"] == "from"


def test_resource_list_is_the_communitys(client, tree, hall, room, resident):
    r = client.get("/api/v1/resources", **factories.bearer(resident))
    assert {x["name"] for x in r.json()["items"]} == {"党群服务中心大厅", "图书馆会议室"}
    other = factories.Tree(prefix="8")
    make_resource(other.community, name="别处的场地")
    r = client.get("/api/v1/resources", **factories.bearer(resident)).json()
    assert len(r["items"]) == 2 and r["next_cursor"] is None


def walk(client, url, user, limit):
    """Every page of an API list, following next_cursor: (items, pages)."""
    items, pages, cursor = [], 0, None
    while True:
        r = client.get(url, {"limit": limit, **({"cursor": cursor} if cursor else {})},
                       **factories.bearer(user))
        assert r.status_code == 200
        body = r.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


def test_lists_page_by_cursor_past_any_cap(client, tree, hall, resident, day):
    for i in range(11):
        make_resource(tree.community, name=f"场地{i:02d}")
    other = factories.Tree(prefix="8")
    make_resource(other.community, name="别处的场地")
    items, pages = walk(client, "/api/v1/resources", resident, 5)
    names = [x["name"] for x in items]
    assert pages == 3 and len(names) == 12 == len(set(names)) and "别处的场地" not in names
    # the same order as one page holding everything
    whole = client.get("/api/v1/resources?limit=50", **factories.bearer(resident)).json()
    assert [x["id"] for x in whole["items"]] == [x["id"] for x in items]
    for h in range(8, 21):
        assert post(client, f"/api/v1/resources/{hall.pk}/bookings", resident,
                    booking_body(day, h, h + 1)).status_code == 202
    items, pages = walk(client, "/api/v1/bookings", resident, 4)
    starts = [b["starts_at"] for b in items]
    assert pages == 4 and len(items) == 13 and starts == sorted(starts)
    assert len({b["id"] for b in items}) == 13


def test_list_paging_refusals(client, resident):
    r = client.get("/api/v1/resources?cursor=not-ours", **factories.bearer(resident))
    assert r.status_code == 400 and r.json()["field"] == "cursor"
    r = client.get("/api/v1/bookings?limit=0", **factories.bearer(resident))
    assert r.status_code == 400 and r.json()["field"] == "limit"


def test_list_and_availability_query_counts(tree, hall, room, resident, day):
    from shequ.resources import selectors

    for i in range(5):
        make_resource(tree.community, name=f"场地{i}")
    list(selectors.resource_list(actor=resident))  # the account's links are read once
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.resource_list(actor=resident))
        [r.community.name + r.owner_name for r in rows]
    few = len(ctx)
    for i in range(5):
        make_resource(tree.community, name=f"更多场地{i}")
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.resource_list(actor=resident))
        [r.community.name + r.owner_name for r in rows]
    assert len(rows) == 12 and len(ctx) == few
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.free_search(rows, day, day)
    assert len(found) == 12 and len(ctx) == 3  # hours, bookings, holidays
    with CaptureQueriesContext(connection) as ctx:
        selectors.availability(hall, day, day)
    assert len(ctx) == 3


def test_my_bookings(client, hall, resident, day):
    post(client, f"/api/v1/resources/{hall.pk}/bookings", resident, booking_body(day))
    r = client.get("/api/v1/bookings", **factories.bearer(resident))
    assert [b["status"] for b in r.json()["items"]] == [BookingStatus.REQUESTED]
