"""Every failure has one shape, {"code", "message", "field"}, and bad input names its field
and writes nothing."""

import pytest
from django.test import Client, RequestFactory, override_settings

from shequ.api.errors import server_error
from shequ.core.validators import uscc_check_char
from shequ.organizations.models import Unit
from shequ.registry.models import Resident
from shequ.testing import factories

from .conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(grid_worker):
    return ApiClient(grid_worker)


def _body(tree, **overrides):
    body = {"household_id": tree.household1.pk, "name": "赵六",
            "id_number": factories.make_id_number(), "phone": "13912345678"}
    body.update(overrides)
    return body


@pytest.mark.parametrize(("overrides", "field", "code"), [
    ({"id_number": "511703198005170072"}, "id_number", "id_checksum"),
    ({"id_number": "51170319800517"}, "id_number", "id_length"),
    ({"phone": "1381234"}, "phone", "phone_format"),
    ({"phone": "phone"}, "phone", "phone_format"),
])
def test_domain_errors_name_the_field_and_save_nothing(api, tree, overrides, field, code):
    response = api.post("/api/v1/residents", _body(tree, **overrides))
    assert_error(response, 400, code, field)
    assert not Resident.objects.filter(name="赵六").exists()


@pytest.mark.parametrize(("overrides", "field", "code"), [
    ({"name": "长" * 41}, "name", "too_long"),
    ({"note": "x" * 201}, "note", "too_long"),
    ({"relation": "cousin"}, "relation", "invalid_choice"),
    ({"political_status": "anarchist"}, "political_status", "invalid_choice"),
    ({"birth_date": "1980-02-30"}, "birth_date", "invalid_date"),
    ({"birth_date": "yesterday"}, "birth_date", "invalid_date"),
    ({"household_id": "seven"}, "household_id", "invalid_number"),
    ({"tags": "elderly_alone"}, "tags", "invalid"),
    ({"tags": ["no_such_tag"]}, "tags", "invalid_choice"),
    ({"is_active": False}, "is_active", "unknown_field"),
])
def test_schema_errors_are_400_naming_the_field(api, tree, overrides, field, code):
    response = api.post("/api/v1/residents", _body(tree, **overrides))
    assert_error(response, 400, code, field)
    assert not Resident.objects.filter(name="赵六").exists()


def test_missing_field_is_400_required(api, tree):
    body = _body(tree)
    del body["id_number"]
    assert_error(api.post("/api/v1/residents", body), 400, "required", "id_number")


def test_unparseable_body_is_400(api):
    assert_error(api.post("/api/v1/residents", "{not json"), 400, "malformed_body")


@pytest.mark.parametrize(("params", "field"), [
    ({"limit": 500}, "limit"), ({"limit": 0}, "limit"), ({"limit": "many"}, "limit"),
    ({"gender": "X"}, "gender"), ({"q": "张" * 41}, "q"), ({"cursor": "not-a-cursor"}, "cursor"),
    ({"area": 99999}, "area"),
])
def test_bad_query_parameters_name_the_parameter(api, params, field):
    response = api.get("/api/v1/residents", params)
    assert response.status_code in {400, 404}
    assert_error(response, response.status_code, field=field)


def test_the_id_number_cannot_be_changed(api, tree):
    resident = factories.resident(tree.household1, "孙七")
    before = resident.id_number_hash
    response = api.patch(f"/api/v1/residents/{resident.pk}",
                         {"id_number": factories.make_id_number()})
    assert_error(response, 400, "unknown_field", "id_number")
    resident.refresh_from_db()
    assert resident.id_number_hash == before


def test_invalid_credit_code_is_400_on_credit_code(tree):
    # given
    api = ApiClient(factories.user("community_staff", tree.community))
    first17 = "91510000MA6123456"
    wrong = next(c for c in "0123456789" if c != uscc_check_char(first17))
    body = {"name": "翠屏超市", "credit_code": first17 + wrong, "kind": "enterprise",
            "area_id": tree.community.pk}
    # when
    response = api.post("/api/v1/units", body)
    # then
    assert_error(response, 400, field="credit_code")
    assert not Unit.objects.exists()


def test_missing_object_is_404(api):
    assert_error(api.get("/api/v1/residents/999999"), 404, "not_found")
    assert_error(api.get("/api/v1/households/999999"), 404, "not_found")
    assert_error(api.get("/api/v1/areas/999999"), 404, "not_found")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v1/residents/1/nope",
                                  "/api/v1/residents/"])
def test_unknown_api_routes_are_json_404(path, debug):
    with override_settings(DEBUG=debug):
        response = Client().get(path)
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v2/residents", "/api/", "/open311/v3/services.json"])
def test_other_api_paths_are_json_404(path, debug):
    with override_settings(DEBUG=debug):
        response = Client().get(path)
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_open311_resources_answer_in_the_spec_error_format(debug):
    with override_settings(DEBUG=debug):
        as_json = Client().get("/open311/v2/no-such-thing.json")
        as_xml = Client().get("/open311/v2/no-such-thing.xml")
    assert as_json.status_code == 404
    assert as_json.json() == [{"code": 404, "description": "No such GeoReport v2 resource"}]
    assert as_xml.status_code == 404
    assert b"<errors><error><code>404</code>" in as_xml.content


def test_a_request_for_another_host_is_a_json_400_under_the_api():
    response = Client(HTTP_HOST="evil.example").get("/api/v1/me")
    assert_error(response, 400, "invalid")


def test_a_method_the_route_does_not_take_is_json_405(api):
    # /api/v1/stats/counts only answers GET
    response = api.client.delete("/api/v1/stats/counts")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_pages_outside_the_api_do_not_get_json_404():
    response = Client().get("/no-such-page/at-all")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_server_errors_under_the_api_are_json(grid_worker, monkeypatch):
    # given
    def broken(actor):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("shequ.registry.selectors.scope_counts", broken)
    api = ApiClient(grid_worker)
    api.client = Client(raise_request_exception=False)
    # when
    response = api.get("/api/v1/stats/counts")
    # then
    body = assert_error(response, 500, "server_error")
    assert "fire" not in body["message"]


def test_server_error_pages_outside_the_api_stay_html():
    response = server_error(RequestFactory().get("/residents/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_messages_follow_accept_language(api, tree):
    body = _body(tree)
    del body["name"]
    english = api.post("/api/v1/residents", body, HTTP_ACCEPT_LANGUAGE="en")
    chinese = api.post("/api/v1/residents", body)
    assert english.json()["message"] == "This field is required."
    assert chinese.json()["message"] == "这个字段是必填项。"


def test_api_messages_are_chinese_by_default(grid_worker, anon_api):
    wrong = anon_api.post("/api/v1/auth/token",
                          {"username": grid_worker.username, "password": "wrong-password"})
    assert wrong.json()["message"] == "用户名或密码不正确。"
    assert anon_api.get("/api/v1/me").json()["message"].startswith("请先登录")
