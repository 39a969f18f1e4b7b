"""The services API: statuses and error codes on every door (a retired item, an expired
authorisation, a stale step, a second rating), and no phone or ID number in any answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.testing.jsonapi import send, signed_in

pytestmark = pytest.mark.django_db
API = "/api/v1/services"


def test_catalogue_and_a_request_through_its_life(client, staff, tree, granny):
    c = signed_in(client, staff)
    r = send(c, "post", f"{API}/items", {
        "area": tree.community.pk, "code": "disability_card", "name": "残疾人证办理",
        "department": "区残联", "materials": "身份证\n户口簿", "time_limit_days": 10,
        "counter": "便民服务窗口2", "home_service": True})
    assert r.status_code == 201, r.content
    item = r.json()
    assert item["materials"] == ["身份证", "户口簿"]
    r = send(c, "post", f"{API}/requests", {"item": item["id"], "resident": granny.pk,
                                            "channel": "counter", "home_service": True})
    assert r.status_code == 201, r.content
    req = r.json()
    assert req["state"] == "submitted" and req["trail"][0]["kind"] == "submit"
    assert granny.phone_masked not in r.content.decode()
    r = send(c, "post", f"{API}/requests/{req['id']}/accept", {"version": 0})
    assert r.status_code == 200 and r.json()["due_at"]
    r = send(c, "post", f"{API}/requests/{req['id']}/complete", {"version": 0})
    assert r.status_code == 409 and r.json()["code"] == "stale_version"
    r = send(c, "post", f"{API}/requests/{req['id']}/hand-off", {"to": "区残联", "version": 1})
    assert r.status_code == 200 and r.json()["holder"] == "区残联"
    r = send(c, "post", f"{API}/requests/{req['id']}/complete", {})
    assert r.json()["state"] == "completed"
    r = send(c, "post", f"{API}/requests/{req['id']}/rate", {"rating": 5})
    assert r.status_code == 200 and r.json()["rating"] == 5
    r = send(c, "post", f"{API}/requests/{req['id']}/rate", {"rating": 4})
    assert r.status_code == 409 and r.json()["code"] == "already_rated"
    r = c.get(f"{API}/requests", {"state": "completed"})
    assert [x["id"] for x in r.json()["items"]] == [req["id"]]
    r = send(c, "post", f"{API}/items/{item['id']}/retire", {"reason": "上收"})
    assert r.status_code == 200 and r.json()["active"] is False
    r = send(c, "post", f"{API}/requests", {"item": item["id"], "resident": granny.pk})
    assert r.status_code == 409 and r.json() == {
        "code": "item_retired", "field": "item", "message": r.json()["message"]}


def test_proxy_refusals(client, staff, granny, item):
    c = signed_in(client, staff)
    past = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    r = send(c, "post", f"{API}/authorisations", {"resident": granny.pk, "granted_by": "王强",
                                                  "purpose": "代办", "valid_until": past})
    assert r.status_code == 400 and r.json()["code"] == "authorisation_expired"
    assert r.json()["field"] == "valid_until"
    until = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    r = send(c, "post", f"{API}/authorisations", {"resident": granny.pk, "granted_by": "王强",
                                                  "purpose": "代办", "valid_until": until})
    assert r.status_code == 201
    r = send(c, "post", f"{API}/requests", {"item": item.pk, "resident": granny.pk,
                                            "authorisation": r.json()["id"]})
    assert r.status_code == 201 and r.json()["authorisation"]


def test_a_resident_asks_for_themselves_and_nobody_else(client, granny, neighbour, item):
    c = signed_in(client, granny.user)
    r = send(c, "post", f"{API}/requests", {"item": item.pk, "resident": granny.pk,
                                            "channel": "portal"})
    assert r.status_code == 201 and r.json()["channel"] == "portal"
    r = send(c, "post", f"{API}/requests", {"item": item.pk, "resident": neighbour.pk})
    assert r.status_code == 404
    r = send(c, "post", f"{API}/requests/{r.json().get('id', 0) or 999}/accept", {})
    assert r.status_code == 404
    r = c.get(f"{API}/items")
    assert [x["code"] for x in r.json()["items"]] == ["elderly_card"]


def test_visits_and_opinions(client, grid_worker, granny, tree):
    c = signed_in(client, grid_worker)
    r = send(c, "post", f"{API}/visits", {"household": tree.household1.pk,
                                          "resident": granny.pk, "note": "好"})
    assert r.status_code == 201
    visit = r.json()["id"]
    r = send(c, "post", f"{API}/visits", {"household": tree.household2.pk})
    assert r.status_code == 404
    r = send(c, "post", f"{API}/opinions", {"visit": visit, "theme": "elderly",
                                            "text": "希望上门理发", "resident": granny.pk})
    assert r.status_code == 201, r.content
    op = r.json()["id"]
    r = send(c, "post", f"{API}/opinions/{op}/case", {"category": "nope"})
    assert r.status_code == 400 and r.json()["field"] == "category"
    r = send(c, "post", f"{API}/opinions/{op}/case", {"category": "elderly_care"})
    assert r.status_code == 200 and r.json()["outcome"] == "case" and r.json()["case"]
    r = send(c, "post", f"{API}/opinions/{op}/refer", {})
    assert r.status_code == 409 and r.json()["code"] == "opinion_already_decided"


def test_nobody_signed_in_is_refused(client, item):
    assert client.get(f"{API}/items").status_code == 401


def test_the_request_list_narrows_to_an_area(client, staff, tree, item, granny, neighbour):
    from shequ.services.models import ServiceRequest

    for resident in (granny, neighbour):
        ServiceRequest.objects.create(item=item, resident=resident, channel="counter",
                                      path=resident.path)
    c = signed_in(client, staff)
    assert len(c.get(f"{API}/requests").json()["items"]) == 2
    rows = c.get(f"{API}/requests", {"area": tree.grid1.pk}).json()["items"]
    assert [r["resident"] for r in rows] == [granny.pk]
