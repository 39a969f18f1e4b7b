"""The shell: sign-in and lockout, the home page per role, language switch, audit log."""

import re

import pytest
from django.urls import reverse

from shequ.accounts.models import LoginFailure
from shequ.core.models import AuditEvent
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def login_error(response) -> str:
    found = re.search(r'data-testid="login-error">(.*?)</div>', text(response), re.S)
    return found.group(1) if found else ""


# -- anonymous ---------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/residents/", "/territory/", "/audit/",
                                 "/residents/party-members/", "/organizations/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    # when
    response = client.get(url)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_the_login_page_is_chinese_and_carries_csrf_for_htmx(client):
    # when
    response = client.get("/login/")
    # then
    page = text(response)
    assert response.status_code == 200
    assert "登录" in page
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', page)
    assert "/static/vendor/htmx.min.js" in page


def test_no_asset_comes_from_a_cdn(client, grid_worker):
    # given
    client.force_login(grid_worker)
    # when
    page = text(client.get("/"))
    # then
    assert not re.search(r'(src|href)="(https?:)?//', page)


# -- sign in -------------------------------------------------------------------------------
def test_a_user_signs_in_and_lands_on_home(client, grid_worker):
    # when
    response = client.post("/login/", {"username": grid_worker.username,
                                       "password": factories.PASSWORD})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_a_wrong_password_gets_a_generic_message(client, grid_worker):
    # when
    response = client.post("/login/", {"username": grid_worker.username, "password": "nope"})
    # then
    assert response.status_code == 200
    assert "用户名或密码错误" in login_error(response)
    assert "锁定" not in login_error(response)


def test_five_failures_lock_the_account_with_a_clear_message(client, grid_worker):
    # given
    for _ in range(4):
        client.post("/login/", {"username": grid_worker.username, "password": "wrong"})
    # when: the fifth failure locks
    fifth = client.post("/login/", {"username": grid_worker.username, "password": "wrong"})
    # then
    assert "已被锁定 15 分钟" in login_error(fifth)
    # and even the right password is refused while locked, without another failure row
    failures = LoginFailure.objects.count()
    right = client.post("/login/", {"username": grid_worker.username,
                                    "password": factories.PASSWORD})
    assert right.status_code == 200
    assert "已被锁定 15 分钟" in login_error(right)
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.count() == failures


def test_sign_out_is_a_post(client, grid_worker):
    # given
    client.force_login(grid_worker)
    # when
    refused = client.get("/logout/")
    signed_out = client.post("/logout/")
    # then
    assert refused.status_code == 405
    assert signed_out.status_code == 302
    assert client.get("/").status_code == 302


# -- home ---------------------------------------------------------------------------------
def test_home_shows_the_grid_workers_scope_and_counts(client, tree, grid_worker):
    # given
    factories.resident(tree.household1, "张三")
    factories.resident(tree.household1, "张小三", relation="child")
    factories.resident(tree.household2, "李四")  # other grid
    grid_worker.display_name = "王网格"
    grid_worker.save()
    client.force_login(grid_worker)
    # when
    page = text(client.get("/"))
    # then
    assert "王网格" in page
    assert "网格员 · 第一网格" in page
    residents = re.search(r'data-count="residents">\s*<span class="count-n">(\d+)', page)
    grids = re.search(r'data-count="grids">\s*<span class="count-n">(\d+)', page)
    assert residents.group(1) == "2"
    assert grids.group(1) == "1"
    assert reverse("registry:resident-list") in page
    assert reverse("registry:party-member-list") in page


def test_community_staff_see_their_grids_side_by_side(client, tree, staff, django_assert_max_num_queries):
    # given: two residents in grid 1, one in grid 2
    factories.resident(tree.household1, "张三")
    factories.resident(tree.household1, "张小三", relation="child")
    factories.resident(tree.household2, "李四")
    client.force_login(staff)
    # when
    with django_assert_max_num_queries(30):
        page = text(client.get("/"))
    # then: one row per grid with its own counts, and the chart's data and script
    rows = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>\s*'
                      r'<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>', page)
    assert rows == [("第一网格", "2", "1"), ("第二网格", "1", "1")]
    assert 'id="breakdown-data"' in page
    assert "vendor/echarts.min.js" in page


def test_a_grid_worker_has_no_sub_area_breakdown(client, tree, grid_worker):
    client.force_login(grid_worker)
    page = text(client.get("/"))
    assert 'data-testid="breakdown"' not in page
    assert "echarts" not in page


def test_the_auditor_sees_only_the_audit_link(client, tree):
    # given
    auditor = factories.user("auditor", tree.district)
    client.force_login(auditor)
    # when
    page = text(client.get("/"))
    # then
    assert 'data-testid="counts"' not in page
    assert reverse("web:audit-log") in page
    assert reverse("registry:resident-list") not in page


def test_a_user_without_grants_sees_an_empty_state(client, tree):
    # given
    nobody = factories.user()
    client.force_login(nobody)
    # when
    page = text(client.get("/"))
    # then
    assert 'data-testid="empty-scope"' in page
    assert "尚未给您的账号分配" in page


def test_the_menu_follows_the_role(client, tree, grid_worker):
    # given
    supervisor = factories.user("supervisor", tree.community)
    # when
    client.force_login(grid_worker)
    worker_page = text(client.get("/"))
    client.force_login(supervisor)
    supervisor_page = text(client.get("/"))
    # then
    for page in (worker_page, supervisor_page):
        assert 'href="/residents/"' in page
        assert 'href="/audit/"' not in page


# -- language -------------------------------------------------------------------------------
def test_switching_to_english_and_traditional(client, grid_worker):
    # given
    client.force_login(grid_worker)
    assert "首页" in text(client.get("/"))
    # when
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = text(client.get("/"))
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    traditional = text(client.get("/"))
    # then
    assert "Home" in english and "Residents" in english
    assert '<html lang="en"' in english
    assert "首頁" in traditional and "居民" in traditional


# -- audit log ---------------------------------------------------------------------------------
def test_only_the_auditor_reads_the_audit_log(client, tree, grid_worker, staff):
    # given
    auditor = factories.user("auditor", tree.district)
    sysadmin = factories.user("sysadmin", tree.district)
    factories.resident(tree.household1, "张三")
    # when / then
    for user in (grid_worker, staff, sysadmin):
        client.force_login(user)
        assert client.get("/audit/").status_code == 403
    client.force_login(auditor)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert "张三" in text(response)


def test_the_audit_log_filters_and_pages(client, tree, grid_worker):
    # given
    auditor = factories.user("auditor", tree.district)
    resident = factories.resident(tree.household1, "张三")
    from shequ.registry import services

    for i in range(55):
        services.resident_reveal(actor=grid_worker, resident=resident, field="phone",
                                 reason=f"家访 {i}")
    client.force_login(auditor)
    # when
    first = text(client.get("/audit/", {"action": "reveal"}))
    older = re.search(r'href="\?([^"]*before=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
    second = text(client.get("/audit/?" + older))
    # then
    assert first.count("家访 ") == 50
    assert "家访 54" in first and "家访 4<" not in first
    assert second.count("家访 ") == 5
    assert "家访 0<" in second
    assert "create" not in re.sub(r"<form.*?</form>", "", second, flags=re.S).split("<tbody>")[1]


def test_the_audit_log_filters_by_user_and_date(client, tree, grid_worker):
    # given
    auditor = factories.user("auditor", tree.district)
    factories.resident(tree.household1, "张三")
    client.force_login(auditor)
    assert AuditEvent.objects.filter(actor_name="system").exists()
    # when
    by_nobody = text(client.get("/audit/", {"actor": "nobody"}))
    by_future = text(client.get("/audit/", {"date_from": "2999-01-01"}))
    by_system = text(client.get("/audit/", {"actor": "system", "entity": "resident"}))
    # then
    assert 'data-testid="audit-table"' not in by_nobody
    assert 'data-testid="audit-table"' not in by_future
    assert "张三" in by_system
