"""Resident pages as a user meets them: scoped lists and search, masked personal data,
the audited reveal, registration with clear errors, deactivation, party members."""

import datetime as dt
import re

import pytest
from django.utils.translation import gettext, override, pgettext

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.organizations import services as org_services
from shequ.registry import services
from shequ.registry.models import Resident
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def zh(msgid: str) -> str:
    """The message as the (Chinese) page shows it, whether or not catalogs are compiled."""
    with override("zh-hans"):
        if msgid == "Name is required.":  # a person's name (姓名), not a thing's (名称)
            return pgettext("person", msgid)
        return gettext(msgid)


@pytest.fixture
def people(tree):
    return {
        "zhang": factories.resident(tree.household1, name="张三", phone="13800001234",
                                    id_number="51170319440904468X"),
        "zhang_trad": factories.resident(tree.household1, name="張三豐", relation="child"),
        "li": factories.resident(tree.household1, name="李四", relation="spouse"),
        "other_grid": factories.resident(tree.household2, name="张珊", phone="13900005678"),
    }


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)


def names_on(page: str) -> set[str]:
    """The names a list shows: a kit list's linked first column, a household's rows."""
    return set(re.findall(
        r'(?:<span class="row-title">|class="kit-main"><a href="[^"]*">)([^<]+)<', page))


# -- list and search ----------------------------------------------------------------------
def test_a_grid_worker_lists_only_their_grid(client, grid_worker, people):
    # given
    client.force_login(grid_worker)
    # when
    page = text(client.get("/residents/"))
    # then
    assert names_on(page) == {"张三", "張三豐", "李四"}
    count = re.search(r'data-testid="result-count">([^<]+)<', page).group(1)
    assert re.findall(r"\d+", count) == ["3"]


@pytest.mark.parametrize(("query", "expected"), [
    ("zs", {"张三", "張三豐"}),
    ("张三", {"张三", "張三豐"}),
    ("1234", {"张三"}),
    ("5678", set()),  # the other grid's phone tail
    ("zhangshan", set()),
])
def test_search_results_stay_inside_the_grid(client, grid_worker, people, query, expected):
    # given
    client.force_login(grid_worker)
    # when
    page = text(client.get("/residents/", {"q": query}))
    # then
    assert names_on(page) == expected


def test_the_list_shows_masked_numbers_only(client, staff, people):
    # given
    client.force_login(staff)
    # when
    page = text(client.get("/residents/"))
    # then
    assert "511**************X" in page
    assert "138****1234" in page
    assert "13800001234" not in page
    assert "51170319440904468X" not in page


def test_live_search_returns_only_the_results_fragment(client, grid_worker, people):
    # given
    client.force_login(grid_worker)
    # when
    response = client.get("/residents/", {"q": "ls"}, HTTP_HX_REQUEST="true")
    # then
    page = text(response)
    assert "<html" not in page
    assert names_on(page) == {"李四"}
    assert 'data-testid="result-count"' in page
    assert "HX-Request" in response["Vary"]


def test_an_empty_search_says_so(client, grid_worker, people):
    client.force_login(grid_worker)
    page = text(client.get("/residents/", {"q": "wang"}))
    assert 'data-testid="empty"' in page


def test_filters_narrow_the_list(client, staff, people):
    # given
    services.resident_update(actor=staff, resident=people["li"], residence_type="floating")
    client.force_login(staff)
    # when
    floating = text(client.get("/residents/", {"residence_type": "floating"}))
    women = text(client.get("/residents/", {"gender": "F"}))
    in_grid2 = text(client.get("/residents/", {"area": people["other_grid"].household.entrance.building.grid_id}))
    # then
    assert names_on(floating) == {"李四"}
    assert names_on(in_grid2) == {"张珊"}
    assert names_on(women) == {r.name for r in people.values() if r.gender == "F"}


def test_keyset_pages_continue_after_the_last_row(client, tree, grid_worker):
    # given: 65 residents, pages of 30
    for i in range(65):
        factories.resident(tree.household1, name=f"王{i:02d}", relation="other")
    client.force_login(grid_worker)
    # when
    first = text(client.get("/residents/"))
    cursor = re.search(r'href="\?cursor=([\w-]+)" rel="next"', first).group(1)
    second = text(client.get("/residents/", {"cursor": cursor}, HTTP_HX_REQUEST="true"))
    last_cursor = re.search(r'href="\?cursor=([\w-]+)" rel="next"', second).group(1)
    third = text(client.get("/residents/", {"cursor": last_cursor}))
    # then
    seen = [names_on(first), names_on(second), names_on(third)]
    assert [len(s) for s in seen] == [30, 30, 5]
    assert len(set().union(*seen)) == 65
    assert 'rel="next"' not in third and 'rel="prev"' in third
    assert "<html" not in second


def test_a_forged_cursor_restarts_at_the_first_page(client, tree, grid_worker):
    # given
    for i in range(3):
        factories.resident(tree.household1, name=f"王{i:02d}", relation="other")
    client.force_login(grid_worker)
    # when
    response = client.get("/residents/", {"cursor": "not-a-cursor"})
    # then
    assert response.status_code == 200
    assert {"王00", "王01", "王02"} <= names_on(text(response))


def test_the_list_query_count_does_not_grow_with_rows(client, tree, staff,
                                                      django_assert_max_num_queries):
    # given
    for i in range(40):
        factories.resident(tree.household1, name=f"赵{i:02d}", relation="other")
    client.force_login(staff)
    client.get("/residents/")  # warm the session
    # then
    with django_assert_max_num_queries(13):  # 12, and the top bar's unread badge
        client.get("/residents/")


# -- detail and reveal ------------------------------------------------------------------------
def test_detail_is_masked_with_a_reveal_button(client, grid_worker, people):
    # given
    client.force_login(grid_worker)
    # when
    page = text(client.get(f"/residents/{people['zhang'].pk}/"))
    # then
    assert "511**************X" in page and "138****1234" in page
    assert "51170319440904468X" not in page and "13800001234" not in page
    assert 'data-testid="reveal-phone"' in page
    assert 'data-testid="reveal-id_number"' in page


def test_another_grids_resident_is_not_found(client, grid_worker, people):
    client.force_login(grid_worker)
    assert client.get(f"/residents/{people['other_grid'].pk}/").status_code == 404
    assert client.get("/residents/999999/").status_code == 404
    url = f"/residents/{people['other_grid'].pk}/reveal/phone/"
    assert client.post(url, {"reason": "家访核实"}).status_code == 404
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_reveal_shows_the_number_once_and_records_who_and_why(client, grid_worker, people):
    # given
    client.force_login(grid_worker)
    resident = people["zhang"]
    # when
    response = client.post(f"/residents/{resident.pk}/reveal/phone/",
                           {"reason": "入户走访联系"}, HTTP_HX_REQUEST="true")
    # then
    assert response.status_code == 200
    assert 'data-testid="clear-phone">13800001234<' in text(response)
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="reveal")
    assert event.actor == grid_worker
    assert event.entity_id == str(resident.pk)
    assert event.reason == "入户走访联系"
    assert "13800001234" not in str(event.summary) + str(event.after)
    # and the detail page is masked again afterwards
    assert "13800001234" not in text(client.get(f"/residents/{resident.pk}/"))


def test_reveal_of_the_id_number_without_htmx_renders_a_page(client, staff, people):
    client.force_login(staff)
    response = client.post(f"/residents/{people['zhang'].pk}/reveal/id_number/",
                           {"reason": "核实身份"})
    assert response.status_code == 200
    assert "51170319440904468X" in text(response)
    assert "<html" in text(response)


def test_reveal_needs_a_reason(client, grid_worker, people):
    # given
    client.force_login(grid_worker)
    # when
    response = client.post(f"/residents/{people['zhang'].pk}/reveal/phone/", {"reason": " "},
                           HTTP_HX_REQUEST="true")
    # then
    assert response.status_code == 422
    page = text(response)
    assert zh("Say why you need to see this (at least 2 characters).") in page
    assert "13800001234" not in page
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_a_supervisor_reads_but_cannot_reveal(client, supervisor, people):
    # given
    client.force_login(supervisor)
    # when
    page = text(client.get(f"/residents/{people['zhang'].pk}/"))
    forged = client.post(f"/residents/{people['zhang'].pk}/reveal/phone/",
                         {"reason": "我想看看"}, HTTP_HX_REQUEST="true")
    # then
    assert "138****1234" in page
    assert "reveal-phone" not in page and "reveal-id_number" not in page
    assert forged.status_code == 403
    assert "13800001234" not in text(forged)
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_an_unknown_field_cannot_be_revealed(client, staff, people):
    client.force_login(staff)
    assert client.post(f"/residents/{people['zhang'].pk}/reveal/note/",
                       {"reason": "核实"}).status_code == 404


def test_reveal_is_post_only(client, staff, people):
    client.force_login(staff)
    assert client.get(f"/residents/{people['zhang'].pk}/reveal/phone/").status_code == 405


# -- household ---------------------------------------------------------------------------------
def test_household_page_lists_members_with_relations(client, tree, grid_worker, people):
    # given
    client.force_login(grid_worker)
    # when
    page = text(client.get(f"/residents/households/{tree.household1.pk}/"))
    # then
    assert names_on(page) == {"张三", "張三豐", "李四"}
    assert page.index("张三") < page.index("李四")  # head of household first
    assert zh("Head of household") in page and zh("Spouse") in page
    assert client.get(f"/residents/households/{tree.household2.pk}/").status_code == 404


def test_household_list_is_scoped(client, tree, grid_worker):
    client.force_login(grid_worker)
    page = text(client.get("/residents/households/"))
    assert tree.household1.address in page
    assert tree.household2.address not in page


# -- register and edit ---------------------------------------------------------------------------
def _form(**overrides):
    data = {"name": "王小明", "id_number": factories.make_id_number(dt.date(1990, 3, 8)),
            "phone": "13912345678", "relation": "child", "ethnicity": "汉族",
            "political_status": "masses", "residence_type": "registered", "note": ""}
    data.update(overrides)
    return data


def test_a_grid_worker_registers_a_resident(client, tree, grid_worker):
    # given
    client.force_login(grid_worker)
    # when
    response = client.post(f"/residents/households/{tree.household1.pk}/add/", _form())
    # then
    created = Resident.objects.get(name="王小明")
    assert response.status_code == 302
    assert response["Location"] == f"/residents/{created.pk}/"
    assert created.household == tree.household1
    assert created.birth_date == dt.date(1990, 3, 8)


@pytest.mark.parametrize(("field", "value", "msgid", "params"), [
    ("id_number", "511703199003081235",
     "The check character of the ID number is wrong; please verify the number.", None),
    ("id_number", "51170319900308", "An ID number has 18 characters; this one has %(n)d.",
     {"n": 14}),
    ("phone", "1381234",
     "A mobile number has 11 digits starting 13–19; this one has %(n)d digits.", {"n": 7}),
    ("name", "王" * 41, "At most %(n)d character is allowed.", {"n": 40}),  # zh: one form
    ("name", "  ", "Name is required.", None),
])
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_saved(
        client, tree, grid_worker, field, value, msgid, params):
    # given
    client.force_login(grid_worker)
    before = Resident.objects.count()
    # when
    response = client.post(f"/residents/households/{tree.household1.pk}/add/",
                           _form(**{field: value}))
    # then
    page = text(response)
    assert response.status_code == 400
    error = re.search(rf'data-error-for="{field}">([^<]+)<', page)
    assert error, f"no message next to {field}"
    assert error.group(1) == (zh(msgid) % params if params else zh(msgid))
    assert Resident.objects.count() == before
    assert not AuditEvent.objects.filter(entity="resident", action="create",
                                         actor=grid_worker).exists()


def test_a_duplicate_id_number_is_refused(client, tree, grid_worker, people):
    client.force_login(grid_worker)
    response = client.post(f"/residents/households/{tree.household1.pk}/add/",
                           _form(id_number="51170319440904468x"))
    assert response.status_code == 400
    assert zh("A resident with this ID number is already registered.") in text(response)


def test_registering_outside_the_scope_is_refused(client, tree, grid_worker, supervisor):
    # a household of another grid is not found; a supervisor may read but not write
    client.force_login(grid_worker)
    assert client.get(f"/residents/households/{tree.household2.pk}/add/").status_code == 404
    assert client.post(f"/residents/households/{tree.household2.pk}/add/",
                       _form()).status_code == 404
    client.force_login(supervisor)
    assert client.post(f"/residents/households/{tree.household1.pk}/add/",
                       _form()).status_code == 403
    assert not Resident.objects.filter(name="王小明").exists()


def test_editing_keeps_the_phone_unless_a_new_one_is_typed(client, grid_worker, people):
    # given
    client.force_login(grid_worker)
    resident = people["zhang"]
    data = _form(name="张三", relation="head", phone="")
    del data["id_number"]
    # when
    kept = client.post(f"/residents/{resident.pk}/edit/", {**data, "note": "腿脚不便"})
    bad = client.post(f"/residents/{resident.pk}/edit/", {**data, "phone": "12345"})
    # then
    resident.refresh_from_db()
    assert kept.status_code == 302
    assert resident.note == "腿脚不便"
    assert resident.phone_masked == "138****1234"
    assert bad.status_code == 400
    assert 'data-error-for="phone"' in text(bad)


def test_deactivation_needs_a_reason_and_never_deletes(client, grid_worker, supervisor, people):
    # given
    client.force_login(grid_worker)
    resident = people["li"]
    # when
    refused = client.post(f"/residents/{resident.pk}/deactivate/", {"reason": ""})
    done = client.post(f"/residents/{resident.pk}/deactivate/", {"reason": "迁往成都"})
    # then
    assert refused.status_code == 400
    assert zh("A reason is required.") in text(refused)
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.is_active is False
    assert AuditEvent.objects.get(action="deactivate").reason == "迁往成都"
    assert "李四" not in names_on(text(client.get("/residents/")))
    assert client.get(f"/residents/{resident.pk}/").status_code == 200
    client.force_login(supervisor)
    assert client.post(f"/residents/{people['zhang'].pk}/deactivate/",
                       {"reason": "x"}).status_code == 403


# -- party members ---------------------------------------------------------------------------
def test_party_members_are_listed_in_scope_with_status_filter(client, tree, grid_worker, staff,
                                                              people):
    # given
    district_org = org_services.party_org_create(
        actor=SYSTEM, kind="district_committee", name="达川区委", area=tree.district)
    street_org = org_services.party_org_create(
        actor=SYSTEM, kind="street_working_committee", name="翠屏街道党工委", area=tree.street,
        parent=district_org)
    community_org = org_services.party_org_create(
        actor=SYSTEM, kind="community_committee", name="翠屏社区党委", area=tree.community,
        parent=street_org)
    services.party_member_create(actor=SYSTEM, resident=people["zhang"], org=community_org,
                                 joined_on=dt.date(2000, 7, 1))
    services.party_member_create(actor=SYSTEM, resident=people["other_grid"], org=community_org,
                                 joined_on=dt.date(2020, 7, 1), status="probationary")
    # when
    client.force_login(grid_worker)
    worker_page = text(client.get("/residents/party-members/"))
    client.force_login(staff)
    probationary = text(client.get("/residents/party-members/", {"status": "probationary"}))
    searched = text(client.get("/residents/party-members/", {"q": "zs"}))
    # then
    assert names_on(worker_page) == {"张三"}
    assert names_on(probationary) == {"张珊"}
    assert names_on(searched) == {"张三", "张珊"}
