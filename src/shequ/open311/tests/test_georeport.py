"""GeoReport v2 as an ordinary client sees it: every endpoint in JSON and XML, and each
error case answered in the spec's error format with the right status, creating nothing."""

import datetime as dt
import json
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.ledgers import services as ledger_services
from shequ.ledgers.models import Case, Category
from shequ.open311 import services
from shequ.open311.models import Open311Client

pytestmark = pytest.mark.django_db
V2 = "/open311/v2"
FMTS = ["json", "xml"]


def parse(response, fmt):
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return json.loads(response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def post(client, fmt, **data):
    return client.post(f"{V2}/requests.{fmt}", urlencode(data, doseq=True),
                       content_type="application/x-www-form-urlencoded; charset=utf-8")


def error_of(response, fmt):
    body = parse(response, fmt)
    if fmt == "json":
        (err,) = body
        return err["code"], err["description"]
    (err,) = body.findall("error")
    assert body.tag == "errors"
    return int(err.findtext("code")), err.findtext("description")


@pytest.mark.parametrize("fmt", FMTS)
def test_services_lists_public_categories_never_stability(client, fmt):
    body = parse(client.get(f"{V2}/services.{fmt}"), fmt)
    if fmt == "json":
        codes = [s["service_code"] for s in body]
        noise = next(s for s in body if s["service_code"] == "noise")
        assert noise["metadata"] is True and noise["type"] == "realtime"
        assert set(noise) == {"service_code", "service_name", "description", "metadata",
                              "type", "keywords", "group"}
    else:
        assert body.tag == "services"
        codes = [s.findtext("service_code") for s in body.findall("service")]
        noise = next(s for s in body.findall("service") if s.findtext("service_code") == "noise")
        assert noise.findtext("metadata") == "true" and noise.findtext("service_name") == "噪音扰民"
    assert "sanitation" in codes and "noise" in codes
    assert not set(codes) & set(Category.objects.filter(ledger="stability")
                                .values_list("code", flat=True))
    assert "social_assistance" not in codes  # not public


@pytest.mark.parametrize("fmt", FMTS)
def test_service_definition(client, fmt):
    body = parse(client.get(f"{V2}/services/road_facility.{fmt}"), fmt)
    if fmt == "json":
        (attr,) = body["attributes"]
        assert body["service_code"] == "road_facility"
        assert (attr["code"], attr["datatype"], attr["required"], attr["variable"],
                attr["order"]) == ("facility_type", "singlevaluelist", True, True, 1)
        assert {"key": "manhole", "name": "井盖"} in attr["values"]
    else:
        assert body.tag == "service_definition"
        attr = body.find("attributes/attribute")
        assert attr.findtext("required") == "true"
        keys = [v.findtext("key") for v in attr.findall("values/value")]
        assert "manhole" in keys


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("code", ["nope", "conflict_risk", "social_assistance"])
def test_service_definition_unknown_or_not_public_is_404(client, fmt, code):
    r = client.get(f"{V2}/services/{code}.{fmt}")
    assert r.status_code == 404
    assert error_of(r, fmt)[0] == 404


@pytest.mark.parametrize("fmt", FMTS)
def test_post_a_request_by_coordinates(client, place, key, fmt):
    # when a client reports a broken manhole 30 m from building 1
    r = post(client, fmt, api_key=key, service_code="road_facility", lat="31.2082",
             long="107.4681", description="井盖松动，有安全隐患", first_name="四", last_name="李",
             phone="13912345678", **{"attribute[facility_type]": "manhole"},
             jurisdiction_id=place.district.code)
    # then it answers with the new id, and the case is in building 1's grid
    assert r.status_code == 200, r.content
    body = parse(r, fmt)
    rid = body[0]["service_request_id"] if fmt == "json" else body.findtext(
        "request/service_request_id")
    case = Case.objects.get(pk=int(rid))
    assert (case.source, case.grid, case.building) == ("open311", place.grid1, place.building1)
    assert case.attributes == {"facility_type": "manhole"}
    assert (case.reporter_name, case.reporter_phone_masked) == ("李四", "139****5678")
    if fmt == "json":
        assert set(body[0]) == {"service_request_id", "service_notice", "account_id"}


def test_post_by_address_string_or_unlocated_goes_to_the_clients_area(client, place, key):
    r = post(client, "json", api_key=key, service_code="sanitation",
             address_string="金竹苑8栋门口", description="垃圾桶满了")
    case = Case.objects.get(pk=int(json.loads(r.content)[0]["service_request_id"]))
    assert case.grid == place.grid2
    r = post(client, "json", api_key=key, service_code="sanitation",
             address_string="翠屏路口", description="垃圾")
    case = Case.objects.get(pk=int(json.loads(r.content)[0]["service_request_id"]))
    assert (case.grid, case.path, case.address) == (None, place.district.path, "翠屏路口")


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize(("data", "status", "words"), [
    ({"api_key": "o311_wrong"}, 403, "api_key"),
    ({"api_key": None}, 403, "api_key"),
    ({"service_code": "nope"}, 404, "service_code"),
    ({"service_code": "conflict_risk"}, 404, "service_code"),
    ({"service_code": ""}, 400, "service_code"),
    ({"service_code": "road_facility"}, 400, "attribute[facility_type]"),
    ({"service_code": "road_facility", "attribute[facility_type]": "tree"}, 400,
     "attribute[facility_type]"),
    ({"lat": "north", "long": "107.46"}, 400, "lat"),
    ({"lat": "95.0", "long": "107.46"}, 400, "lat"),
    ({"lat": "31.2", "long": ""}, 400, "long"),
    ({"lat": "", "long": ""}, 400, "location"),
    ({"phone": "12345"}, 400, "phone"),
    ({"description": "长" * 2001}, 400, "2,000"),
    ({"jurisdiction_id": "nowhere.gov"}, 404, "jurisdiction_id"),
    ({"address_id": "999999"}, 404, "address_id"),
])
def test_bad_posts_get_the_spec_error_and_create_nothing(client, place, key, fmt, data,
                                                         status, words):
    good = {"api_key": key, "service_code": "sanitation", "lat": "31.2080",
            "long": "107.4680", "description": "垃圾"}
    body = {k: v for k, v in {**good, **data}.items() if v is not None}
    r = post(client, fmt, **body)
    assert r.status_code == status
    code, description = error_of(r, fmt)
    assert code == status and words in description
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(entity="case").exists()


def test_a_revoked_key_is_refused(client, place, key):
    services.client_revoke(actor=SYSTEM, client=Open311Client.objects.get())
    r = post(client, "json", api_key=key, service_code="sanitation", address_string="x")
    assert r.status_code == 403 and not Case.objects.exists()


def test_keys_are_rate_limited_per_minute(client, place):
    c, raw = services.client_issue(actor=SYSTEM, name="x", area=place.district,
                                   rate_limit_per_minute=2)
    codes = [post(client, "json", api_key=raw, service_code="sanitation",
                  address_string="翠屏路", description=f"垃圾{i}").status_code for i in range(3)]
    assert codes == [200, 200, 429]
    assert Case.objects.count() == 2
    assert Open311Client.objects.get().key_hash != raw and raw[5:13] == c.prefix


def make_public_cases(make_case, staff=None):
    now = dt.datetime.now(dt.UTC)
    open_case = make_case(description="open one", received_at=now - dt.timedelta(days=1))
    old = make_case(description="old one", received_at=now - dt.timedelta(days=120))
    stability = make_case(category=Category.objects.get(code="conflict_risk"),
                          description="secret")
    done = make_case(description="done", received_at=now - dt.timedelta(days=2))
    ledger_services.case_reject(actor=SYSTEM, case=done, reason="重复")
    return open_case, old, stability, done


@pytest.mark.parametrize("fmt", FMTS)
def test_get_requests_defaults_to_the_last_90_days_and_never_stability(client, make_case, fmt):
    open_case, old, stability, done = make_public_cases(make_case)
    body = parse(client.get(f"{V2}/requests.{fmt}"), fmt)
    if fmt == "json":
        ids = [int(x["service_request_id"]) for x in body]
        item = next(x for x in body if int(x["service_request_id"]) == open_case.pk)
        assert item["status"] == "open" and item["requested_datetime"].endswith("+08:00")
        assert item["description"] is None and item["address"] is None  # not filed by the public
        assert set(item) >= {"service_request_id", "status", "status_notes", "service_name",
                             "service_code", "description", "agency_responsible",
                             "service_notice", "requested_datetime", "updated_datetime",
                             "expected_datetime", "address", "address_id", "zipcode", "lat",
                             "long", "media_url"}
    else:
        ids = [int(x.findtext("service_request_id")) for x in body.findall("request")]
    assert sorted(ids) == sorted([open_case.pk, done.pk])
    assert stability.pk not in ids and old.pk not in ids


@pytest.mark.parametrize("fmt", FMTS)
def test_get_requests_filters(client, make_case, fmt):
    open_case, old, stability, done = make_public_cases(make_case)

    def ids(**q):
        body = parse(client.get(f"{V2}/requests.{fmt}", q), fmt)
        if fmt == "json":
            return sorted(int(x["service_request_id"]) for x in body)
        return sorted(int(x.findtext("service_request_id")) for x in body.findall("request"))

    assert ids(status="closed") == [done.pk]
    assert ids(status="open,closed") == sorted([open_case.pk, done.pk])
    assert ids(service_code="noise") == []
    start = (dt.datetime.now(dt.UTC) - dt.timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(start_date=start) == [old.pk]  # start + 90 days
    # service_request_id overrides everything else, and hides stability cases
    assert ids(service_request_id=f"{old.pk},{stability.pk}", status="open") == [old.pk]


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("q", [
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    {"start_date": "yesterday"},
    {"status": "pending"},
    {"service_request_id": "1,abc"},
])
def test_get_requests_bad_queries_are_400(client, fmt, q):
    r = client.get(f"{V2}/requests.{fmt}", q)
    assert r.status_code == 400 and error_of(r, fmt)[0] == 400


@pytest.mark.parametrize("fmt", FMTS)
def test_get_one_request(client, make_case, fmt):
    open_case, _old, stability, _done = make_public_cases(make_case)
    body = parse(client.get(f"{V2}/requests/{open_case.pk}.{fmt}"), fmt)
    if fmt == "json":
        assert [x["service_request_id"] for x in body] == [str(open_case.pk)]
    else:
        assert body.tag == "service_requests"
        assert body.findtext("request/service_code") == "sanitation"
    for missing in (stability.pk, 999999):
        r = client.get(f"{V2}/requests/{missing}.{fmt}")
        assert r.status_code == 404 and error_of(r, fmt)[0] == 404


def test_discovery(client):
    body = parse(client.get(f"{V2}/discovery.json"), "json")
    assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    root = parse(client.get(f"{V2}/discovery.xml"), "xml")
    assert root.findtext("endpoints/endpoint/formats/format") == "text/xml"


def test_only_administrators_issue_keys(place, staff, district_admin):
    from shequ.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.client_issue(actor=staff, name="x", area=place.district)
    _c, raw = services.client_issue(actor=district_admin, name="x", area=place.district)
    assert raw.startswith("o311_")


def test_the_command_issues_and_revokes(place, capsys):
    from django.core.management import call_command

    call_command("open311_client", "issue", "--name", "app", "--area", place.district.code)
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert services.client_authenticate(raw) is not None
    call_command("open311_client", "revoke", raw[5:13])
    assert services.client_authenticate(raw) is None


def test_a_request_filed_by_the_public_shows_its_description(client, place, key):
    r = post(client, "json", api_key=key, service_code="sanitation", lat="31.2080",
             long="107.4680", description="路边垃圾堆积", phone="13912345678")
    rid = json.loads(r.content)[0]["service_request_id"]
    (item,) = parse(client.get(f"{V2}/requests/{rid}.json"), "json")
    assert item["description"] == "路边垃圾堆积" and item["status"] == "open"
    assert item["expected_datetime"].endswith("+08:00")
    assert "139" not in json.dumps(item)  # the reporter's phone is never shown
