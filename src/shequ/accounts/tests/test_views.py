"""Account pages: the system administrator's user administration (inside their scope
only), the security administrator's lockouts, and everyone's My account."""

import re

import pytest
from django.urls import reverse

from shequ.accounts import services
from shequ.accounts.models import ApiToken, Grant, User
from shequ.accounts.roles import Role
from shequ.core import notify
from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.testing import factories

pytestmark = pytest.mark.django_db
PASSWORD = factories.PASSWORD
NEW_PASSWORD = "Brand-New-Pass-2026!"


def text(response) -> str:
    return response.content.decode()


def nav(page: str) -> str:
    found = re.search(r'<nav class="mainnav".*?</nav>', page, re.S)
    return found.group(0) if found else ""


# -- menus ---------------------------------------------------------------------------------
def test_menus_show_administration_only_to_its_role(client, sysadmin, secadmin, staff):
    pages = {}
    for user in (sysadmin, secadmin, staff):
        client.force_login(user)
        pages[user.username] = nav(text(client.get("/")))
    assert "用户与权限" in pages["sys_district"]
    assert "登录锁定" in pages["sec_district"]
    assert "用户与权限" not in pages[staff.username] and "登录锁定" not in pages[staff.username]
    assert all("我的账号" in page for page in pages.values())


# -- who may reach the administration -------------------------------------------------------
@pytest.mark.parametrize("url", ["/accounts/users/", "/accounts/users/new/"])
def test_non_sysadmins_are_refused_the_administration(client, staff, secadmin, url):
    for user in (staff, secadmin):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_accounts_outside_the_admins_care_are_invisible(client, tree, other, street_sysadmin):
    # given
    inside = factories.user(Role.GRID_WORKER, tree.grid1, username="inside_gw")
    outside = factories.user(Role.GRID_WORKER, other.grid, username="outside_gw")
    client.force_login(street_sysadmin)
    # when
    page = text(client.get("/accounts/users/"))
    # then
    assert "inside_gw" in page and "outside_gw" not in page
    assert client.get(f"/accounts/users/{inside.pk}/").status_code == 200
    assert client.get(f"/accounts/users/{outside.pk}/").status_code == 404
    for action in ("deactivate", "password-reset", "grants"):
        response = client.post(f"/accounts/users/{outside.pk}/{action}/",
                               {"role": "grid_worker", "area": tree.grid1.pk})
        assert response.status_code == 404
    outside.refresh_from_db()
    assert outside.is_active and outside.grants.count() == 1


def test_search_with_no_match_says_so(client, tree, sysadmin):
    client.force_login(sysadmin)
    page = text(client.get("/accounts/users/", {"q": "zzz"}))
    assert 'data-testid="empty"' in page and "没有符合条件的账号" in page


def test_the_list_pages_by_username(client, tree, sysadmin):
    # given
    for n in range(35):
        factories.user(Role.GRID_WORKER, tree.grid1, username=f"gw{n:02d}")
    client.force_login(sysadmin)
    # when
    first = text(client.get("/accounts/users/"))
    cursor = re.search(r'href="/accounts/users/\?cursor=([^"&]+)"', first).group(1)
    second = text(client.get("/accounts/users/", {"cursor": cursor}))
    # then
    assert "gw00" in first and "gw29" in first and "gw30" not in first
    assert "gw30" in second and "gw00" not in second


# -- create ----------------------------------------------------------------------------------
def _create(client, tree, **overrides):
    data = {"username": "liuyang", "display_name": "刘洋", "home_area": tree.community.pk,
            "role": "community_staff", "email": "liuyang@example.com"}
    data.update(overrides)
    return client.post("/accounts/users/new/", data)


def test_sysadmin_creates_an_account_from_the_form(client, tree, street_sysadmin):
    client.force_login(street_sysadmin)
    assert "新建账号" in text(client.get("/accounts/users/new/"))
    # when
    response = _create(client, tree)
    # then
    user = User.objects.get(username="liuyang")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    assert not user.has_usable_password() and user.display_name == "刘洋"
    assert "设置密码的链接已发送至 l***@example.com" in text(client.get(response["Location"]))
    assert list(Grant.all_objects.filter(user=user).values_list("role", "area")) == [
        ("community_staff", tree.community.pk)]
    assert "等待安全管理员审批" in text(client.get(response["Location"]))


def test_the_create_form_asks_for_no_password(client, tree, sysadmin):
    """The owner chooses it through the link; the form offers no password field."""
    client.force_login(sysadmin)
    page = text(client.get("/accounts/users/new/"))
    assert 'type="password"' not in page and 'name="email"' in page


def test_a_refused_first_role_creates_nothing(client, tree, sysadmin):
    client.force_login(sysadmin)
    response = _create(client, tree, role="grid_worker")  # a grid worker over a community
    assert response.status_code == 400 and "网格员只能被授权到网格" in text(response)
    assert not User.objects.filter(username="liuyang").exists()


def test_home_area_outside_scope_is_not_a_choice(client, tree, other, street_sysadmin):
    client.force_login(street_sysadmin)
    response = _create(client, tree, home_area=other.community.pk)
    assert response.status_code == 400
    assert not User.objects.filter(username="liuyang").exists()


# -- grants ----------------------------------------------------------------------------------
def test_grant_add_and_remove_from_the_detail_page(client, tree, sysadmin):
    # given
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    client.force_login(sysadmin)
    # when
    added = client.post(f"/accounts/users/{user.pk}/grants/",
                        {"role": "grid_worker", "area": tree.grid2.pk})
    grant = Grant.all_objects.get(user=user, area=tree.grid2)
    removed = client.post(f"/accounts/users/{user.pk}/grants/{grant.pk}/remove/")
    # then: the request is withdrawn before any approval
    assert added.status_code == 302 and removed.status_code == 302
    assert list(Grant.all_objects.filter(user=user).values_list("area", flat=True)) == [
        tree.grid1.pk]
    mine = AuditEvent.objects.filter(actor=sysadmin, entity_id=str(user.pk))
    assert list(mine.order_by("id").values_list("action", flat=True)) == [
        "grant_request", "revoke"]


def test_grant_outside_scope_is_refused_on_the_page(client, tree, other, street_sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    client.force_login(street_sysadmin)
    response = client.post(f"/accounts/users/{user.pk}/grants/",
                           {"role": "grid_worker", "area": other.grid.pk})
    assert response.status_code == 400
    assert user.grants.count() == 1


def test_security_and_audit_roles_cannot_be_granted_on_the_page(client, tree, sysadmin):
    street_sys = factories.user(Role.SYSADMIN, tree.street)
    client.force_login(sysadmin)
    page = text(client.get(f"/accounts/users/{street_sys.pk}/"))
    assert 'value="auditor"' not in page and 'value="secadmin"' not in page
    response = client.post(f"/accounts/users/{street_sys.pk}/grants/",
                           {"role": "secadmin", "area": tree.street.pk})
    assert response.status_code == 400
    assert list(street_sys.grants.values_list("role", flat=True)) == ["sysadmin"]


def test_an_auditor_account_is_read_only_for_the_sysadmin(client, tree, sysadmin):
    auditor = factories.user(Role.AUDITOR, tree.district)
    client.force_login(sysadmin)
    page = text(client.get(f"/accounts/users/{auditor.pk}/"))
    assert 'data-testid="operator-managed"' in page and "命令行" in page
    assert "data-remove-grant" not in page and 'data-testid="reset-password"' not in page
    assert client.post(f"/accounts/users/{auditor.pk}/password-reset/").status_code == 403
    assert client.post(f"/accounts/users/{auditor.pk}/deactivate/").status_code == 403
    auditor.refresh_from_db()
    assert auditor.is_active and auditor.check_password(PASSWORD)


def test_own_account_shows_no_administration(client, tree, sysadmin):
    client.force_login(sysadmin)
    page = text(client.get(f"/accounts/users/{sysadmin.pk}/"))
    assert 'data-testid="own-account"' in page and "data-remove-grant" not in page
    response = client.post(f"/accounts/users/{sysadmin.pk}/grants/",
                           {"role": "district_admin", "area": tree.district.pk})
    assert response.status_code == 403
    assert sysadmin.grants.count() == 1


# -- status and password ---------------------------------------------------------------------
def test_deactivate_and_reactivate(client, tree, sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    client.force_login(sysadmin)
    client.post(f"/accounts/users/{user.pk}/deactivate/", {"reason": "调离"})
    user.refresh_from_db()
    assert not user.is_active
    assert "已停用" in text(client.get(f"/accounts/users/{user.pk}/"))
    client.post(f"/accounts/users/{user.pk}/reactivate/")
    user.refresh_from_db()
    assert user.is_active


def test_password_reset_page_shows_where_the_link_went_not_a_password(client, tree, sysadmin):
    """The sysadmin's page names the masked address; the link reaches the user only, and
    opening it lets the user choose a password once."""
    # given
    notify.outbox.clear()
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    client.force_login(sysadmin)
    # when
    response = client.post(f"/accounts/users/{user.pk}/password-reset/")
    # then
    page = text(response)
    assert "重置链接" in page and f"console:{user.username}" in page
    [message] = notify.outbox
    path = re.search(r"http://testserver(\S+/)", message.body).group(1)
    assert path not in page
    assert client.get(f"/accounts/users/{user.pk}/password-reset/").status_code == 405
    # and the user follows the link
    client.logout()
    form = client.get(path)
    assert form.status_code == 200 and form["Referrer-Policy"] == "no-referrer"
    done = client.post(path, {"new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("web:login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(path).status_code == 404


# -- lockouts ----------------------------------------------------------------------------------
def test_security_admin_sees_and_lifts_lockouts(client, tree, secadmin, sysadmin):
    # given
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    for _ in range(5):
        client.post("/login/", {"username": user.username, "password": "wrong"})
    client.force_login(sysadmin)
    assert client.get("/accounts/lockouts/").status_code == 403
    assert client.post("/accounts/lockouts/clear/",
                       {"username": user.username}).status_code == 403
    client.force_login(secadmin)
    # when
    page = text(client.get("/accounts/lockouts/"))
    response = client.post("/accounts/lockouts/clear/", {"username": user.username})
    # then
    assert user.username in page
    assert response.status_code == 302 and not services.is_locked_out(user.username)
    assert 'data-testid="empty"' in text(client.get("/accounts/lockouts/"))


# -- my account --------------------------------------------------------------------------------
def test_my_account_shows_own_grants_and_tokens(client, tree, grid_worker, staff):
    services.api_token_create(actor=grid_worker, user=grid_worker, name="我的手机")
    services.api_token_create(actor=staff, user=staff, name="someone-else")
    client.force_login(grid_worker)
    page = text(client.get("/accounts/me/"))
    assert "网格员" in page and "第一网格" in page
    assert "我的手机" in page and "someone-else" not in page


def test_a_user_revokes_own_tokens_but_not_anothers(client, grid_worker, staff):
    mine, _raw = services.api_token_create(actor=grid_worker, user=grid_worker, name="a")
    theirs, _raw = services.api_token_create(actor=staff, user=staff, name="b")
    client.force_login(grid_worker)
    assert client.post(f"/accounts/me/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/me/tokens/{mine.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_changing_own_password_needs_the_old_one_and_keeps_the_session(client, grid_worker):
    client.force_login(grid_worker)
    # wrong current password
    response = client.post("/accounts/me/password/", {
        "old_password": "nope", "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 400 and "当前密码不正确" in text(response)
    # weak new password
    response = client.post("/accounts/me/password/", {
        "old_password": PASSWORD, "new_password": "123", "new_password2": "123"})
    assert response.status_code == 400 and 'data-error-for="new_password"' in text(response)
    # when
    response = client.post("/accounts/me/password/", {
        "old_password": PASSWORD, "new_password": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})
    # then: still signed in on this device, the change audited
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200
    grid_worker.refresh_from_db()
    assert grid_worker.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="password_change",
                                     entity_id=str(grid_worker.pk)).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ("/accounts/me/", "/accounts/users/", "/accounts/lockouts/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


# -- the forced change (middleware) --------------------------------------------------------------
def test_a_temporary_password_leads_straight_to_the_change(client, tree):
    # given: a password the operator chose on the command line
    temporary = "Temporary-Pass-2026"
    user = services.user_create(actor=SYSTEM, username="wangwei", password=temporary,
                                must_change_password=True)
    services.grant_add(actor=SYSTEM, user=user, role=Role.GRID_WORKER, area=tree.grid1)
    client.post("/login/", {"username": user.username, "password": temporary})
    # when / then: every page leads to the change, the API says why
    response = client.get("/residents/")
    assert response.status_code == 302 and response["Location"] == "/accounts/me/password/"
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    assert client.get("/accounts/me/password/").status_code == 200
    client.post("/accounts/me/password/", {"old_password": temporary,
                                           "new_password": NEW_PASSWORD,
                                           "new_password2": NEW_PASSWORD})
    assert client.get("/residents/").status_code == 200


def test_middleware_leaves_other_users_alone(client, grid_worker):
    client.force_login(grid_worker)
    assert client.get("/residents/").status_code == 200


def test_grant_rows_are_listed_with_the_area(client, tree, sysadmin):
    factories.user(Role.GRID_WORKER, tree.grid2, username="gw_two")
    client.force_login(sysadmin)
    rows = re.search(r'data-testid="user-rows">(.*?)</ul>', text(client.get("/accounts/users/")),
                     re.S).group(1)
    assert "gw_two" in rows and "第二网格" in rows
    assert Grant.objects.filter(user__username="gw_two").count() == 1


def test_the_list_downloads_the_accounts_in_care_and_the_download_is_audited(
        client, tree, other, street_sysadmin):
    # given accounts inside and outside the street administrator's care
    factories.user(Role.GRID_WORKER, tree.grid1, username="inside_gw")
    factories.user(Role.GRID_WORKER, other.grid, username="outside_gw")
    client.force_login(street_sysadmin)
    # when
    csv = client.get("/accounts/users/", {"format": "csv"}).content.decode("utf-8-sig")
    # then: the list's rows, no one else's, and the download recorded
    lines = csv.splitlines()
    assert lines[0].startswith("用户名,显示名称,角色与区域")
    assert any(line.startswith("inside_gw,") for line in lines)
    assert "outside_gw" not in csv
    assert AuditEvent.objects.filter(action="export", entity_id="accounts",
                                     actor=street_sysadmin).exists()
