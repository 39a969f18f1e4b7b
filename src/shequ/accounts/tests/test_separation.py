"""三权分立 against the system administrator (issue 9): what a sysadmin's API and pages
can and cannot bring about, end to end."""

import pytest

from shequ.accounts import services
from shequ.accounts.models import Grant
from shequ.accounts.roles import ADMIN_ROLES, Role
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.core.models import AuditEvent
from shequ.testing import factories

from .conftest import error

pytestmark = pytest.mark.django_db


def _reveal(api, resident):
    return api.post(f"/api/v1/residents/{resident.pk}/reveal",
                    {"field": "id_number", "reason": "核实身份"})


def test_an_account_a_sysadmin_makes_reveals_nothing_until_the_secadmin_approves(
        api_as, tree, sysadmin, secadmin):
    """The issue's path: sysadmin POST /users with a district_admin grant, then reveal
    ID numbers as that account. Refused until the security administrator approves."""
    # given
    resident = factories.resident(tree.household1)
    body = {"username": "helper", "home_area_id": tree.district.pk,
            "grants": [{"role": "district_admin", "area_id": tree.district.pk}]}
    created = api_as(sysadmin).post("/api/v1/users", body)
    assert created.status_code == 201, created.content
    helper = Grant.all_objects.get(user_id=created.json()["id"]).user
    # when
    refused = _reveal(api_as(helper), resident)
    # then
    error(refused, 404)
    assert not AuditEvent.objects.filter(action="reveal").exists()
    # when the security administrator approves
    [pending] = api_as(secadmin).get("/api/v1/grants/pending").json()
    assert (pending["user"]["username"], pending["role"], pending["requested_by"]) == (
        "helper", "district_admin", sysadmin.username)
    assert api_as(secadmin).post(f"/api/v1/grants/{pending['id']}/approve").status_code == 200
    # then
    revealed = _reveal(api_as(helper), resident)
    assert revealed.status_code == 200 and len(revealed.json()["value"]) == 18
    approval = AuditEvent.objects.get(action="grant_approve")
    assert approval.actor == secadmin and approval.entity_id == str(helper.pk)


def test_the_sysadmin_cannot_approve_and_the_secadmin_only_in_their_scope(
        api_as, tree, other, sysadmin):
    # given
    user = factories.user(username="someone")
    grant = services.grant_add(actor=sysadmin, user=user, role=Role.COMMUNITY_STAFF,
                               area=other.community)
    street_sec = factories.user(Role.SECADMIN, tree.street)
    # when / then
    error(api_as(sysadmin).post(f"/api/v1/grants/{grant.pk}/approve"), 403, "forbidden")
    error(api_as(street_sec).post(f"/api/v1/grants/{grant.pk}/approve"), 404)
    assert api_as(street_sec).get("/api/v1/grants/pending").json() == []
    grant.refresh_from_db()
    assert grant.is_pending


def test_a_refused_grant_is_gone_and_audited(api_as, tree, sysadmin, secadmin):
    user = factories.user(username="someone")
    grant = services.grant_add(actor=sysadmin, user=user, role=Role.GRID_WORKER,
                               area=tree.grid1)
    response = api_as(secadmin).post(f"/api/v1/grants/{grant.pk}/reject", {"reason": "不认识"})
    assert response.status_code == 204
    assert not Grant.all_objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.get(action="grant_reject").reason == "不认识"
    error(api_as(secadmin).post(f"/api/v1/grants/{grant.pk}/approve"), 404)


@pytest.mark.parametrize("admin_role", sorted(ADMIN_ROLES))
@pytest.mark.parametrize("data_role", [Role.DISTRICT_ADMIN, Role.GRID_WORKER, Role.RESIDENT])
def test_no_account_holds_an_administrator_role_with_a_data_role(tree, admin_role, data_role):
    """Refused in either order, even from the command line (the service is the one door
    for the API, the pages and the CLI)."""
    area_of = {Role.GRID_WORKER: tree.grid1}
    area = area_of.get(data_role, tree.district)
    for first, second, second_area in ((admin_role, data_role, area),
                                       (data_role, admin_role, tree.district)):
        # given
        user = factories.user(first, tree.district if first == admin_role else area)
        # when
        with pytest.raises(DomainError) as exc:
            services.grant_add(actor=SYSTEM, user=user, role=second, area=second_area)
        # then
        assert (exc.value.code, exc.value.field) == ("separation_of_duties", "role")
        assert Grant.all_objects.filter(user=user).count() == 1


def test_sysadmin_and_district_admin_together_are_refused_over_the_api(api_as, tree, sysadmin):
    # given
    colleague = factories.user(Role.SYSADMIN, tree.street)
    # when
    response = api_as(sysadmin).post(f"/api/v1/users/{colleague.pk}/grants",
                                     {"role": "district_admin", "area_id": tree.street.pk})
    # then
    error(response, 400, "separation_of_duties", "role")
    body = {"username": "both", "home_area_id": tree.district.pk,
            "grants": [{"role": "sysadmin", "area_id": tree.street.pk},
                       {"role": "street_admin", "area_id": tree.street.pk}]}
    error(api_as(sysadmin).post("/api/v1/users", body), 400, "separation_of_duties", "role")


def test_sysadmin_and_data_role_together_are_refused_on_the_page(client, tree, sysadmin):
    colleague = factories.user(Role.SYSADMIN, tree.street)
    client.force_login(sysadmin)
    response = client.post(f"/accounts/users/{colleague.pk}/grants/",
                           {"role": "street_admin", "area": tree.street.pk})
    assert response.status_code == 400
    assert "不得兼任" in response.content.decode()
    assert list(Grant.all_objects.filter(user=colleague).values_list("role", flat=True)) == [
        "sysadmin"]


def test_the_sysadmin_cannot_redirect_reset_links_of_a_data_account(tree, sysadmin):
    """The contact address is where reset links go; a sysadmin who could change it could
    reset the password to themselves."""
    user = factories.user(Role.COMMUNITY_STAFF, tree.community)
    with pytest.raises(DomainError) as exc:
        services.user_update(actor=sysadmin, user=user, email="sysadmin@example.com")
    assert exc.value.code == "separation_of_duties"
    user.refresh_from_db()
    assert user.email == ""


def test_secadmin_approves_on_the_page(client, tree, sysadmin, secadmin):
    user = factories.user(username="someone")
    grant = services.grant_add(actor=sysadmin, user=user, role=Role.SUPERVISOR,
                               area=tree.community)
    client.force_login(sysadmin)
    assert client.get("/accounts/grants/pending/").status_code == 403
    assert client.post(f"/accounts/grants/{grant.pk}/approve/").status_code == 403
    client.force_login(secadmin)
    page = client.get("/accounts/grants/pending/").content.decode()
    assert "someone" in page and "监委会委员" in page
    response = client.post(f"/accounts/grants/{grant.pk}/approve/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert not grant.is_pending and grant.approved_by == secadmin
