"""Staff pages of the rewards catalogue and the redemption register: add, edit, restock
(never below zero), hand over, download; corrections only by street or district
administrators, with a reason."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsAccount, Redemption, Reward


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def rice(place):
    return services.reward_create(actor=SYSTEM, community=place.community, name="大米5斤",
                                  kind="item", cost=20, stock=2)


def test_staff_add_a_voucher(staff_client, staff, place):
    response = staff_client.post(reverse("volunteers:reward-new"), {
        "community": place.community.pk, "name": "理发券", "kind": "voucher",
        "merchant": "阿芳理发店", "cost": 30, "stock": 10})
    assert response.url == reverse("volunteers:reward-list")
    reward = Reward.objects.get(name="理发券")
    assert (reward.merchant, reward.cost, reward.stock) == ("阿芳理发店", 30, 10)
    assert AuditEvent.objects.filter(entity="reward", action="create", actor=staff).exists()


def test_an_invalid_reward_is_refused_on_the_form(staff_client, place):
    response = staff_client.post(reverse("volunteers:reward-new"), {
        "community": place.community.pk, "name": "米", "kind": "item", "cost": 0, "stock": -1})
    assert response.status_code == 400 and not Reward.objects.exists()


def test_edit_price_and_take_off_offer(staff_client, rice):
    url = reverse("volunteers:reward-edit", args=[rice.pk])
    staff_client.post(url, {"name": "大米10斤", "kind": "item", "cost": 40})
    rice.refresh_from_db()
    assert (rice.name, rice.cost, rice.is_active, rice.stock) == ("大米10斤", 40, False, 2)


def test_restock_never_goes_below_zero(staff_client, rice):
    url = reverse("volunteers:reward-restock", args=[rice.pk])
    staff_client.post(url, {"quantity": 5})
    rice.refresh_from_db()
    assert rice.stock == 7
    response = staff_client.post(url, {"quantity": -8}, follow=True)
    rice.refresh_from_db()
    assert rice.stock == 7 and "msg-error" in response.content.decode()
    staff_client.post(url, {"quantity": 0})
    rice.refresh_from_db()
    assert rice.stock == 7


def test_supervisors_read_the_catalogue_but_cannot_change_it(client, tree, rice):
    client.force_login(factories.user("supervisor", tree.community))
    assert client.get(reverse("volunteers:reward-list")).status_code == 200
    url = reverse("volunteers:reward-edit", args=[rice.pk])
    assert client.post(url, {"name": "x", "kind": "item", "cost": 1}).status_code == 403
    client.post(reverse("volunteers:reward-restock", args=[rice.pk]), {"quantity": 100})
    assert client.get(reverse("volunteers:redemption-list")).status_code == 404
    rice.refresh_from_db()
    assert (rice.name, rice.stock) == ("大米5斤", 2)


def test_another_community_cannot_see_the_reward(client, rice):
    other = factories.Tree()
    client.force_login(factories.user("community_staff", other.community))
    assert client.get(reverse("volunteers:reward-edit", args=[rice.pk])).status_code == 404
    page = client.get(reverse("volunteers:reward-list")).content.decode()
    assert "大米5斤" not in page


def test_catalogue_filters_and_downloads(staff_client, rice, place):
    services.reward_create(actor=SYSTEM, community=place.community, name="超市券",
                           kind="voucher", cost=50, stock=0, merchant="万家超市")
    url = reverse("volunteers:reward-list")
    page = staff_client.get(url, {"out_of_stock": "on"}).content.decode()
    assert "超市券" in page and "大米5斤" not in page
    page = staff_client.get(url, {"q": "万家"}).content.decode()
    assert "超市券" in page and "大米5斤" not in page
    xlsx = staff_client.get(url, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert [r[0] for r in rows[1:]] == ["大米5斤", "超市券"]


def test_redemption_register_hand_over_and_download(staff_client, alice, earn, rice):
    earn(alice, 3)
    row = services.points_redeem(actor=alice.user, resident=alice, reward=rice)
    url = reverse("volunteers:redemption-list")
    page = staff_client.get(url, {"code": row.code.lower()}).content.decode()
    assert row.code in page
    staff_client.post(reverse("volunteers:redemption-collect", args=[row.pk]),
                      {"next": f"{url}?state=issued"})
    row.refresh_from_db()
    assert row.state == "collected"
    csv = staff_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert row.code in csv and "王芳" in csv and alice.phone_masked not in csv


def test_hand_over_never_sends_elsewhere(staff_client, alice, earn, rice):
    earn(alice, 3)
    row = services.points_redeem(actor=alice.user, resident=alice, reward=rice)
    response = staff_client.post(reverse("volunteers:redemption-collect", args=[row.pk]),
                                 {"next": "https://evil.example/"})
    assert response.url == reverse("volunteers:points-overview")


def test_corrections_need_a_street_admin_and_a_reason(client, tree, staff, alice, earn):
    earn(alice, 1)
    account = PointsAccount.objects.get(resident=alice)
    url = reverse("volunteers:points-adjust", args=[account.pk])
    # community staff may read the statement but not correct it
    client.force_login(staff)
    page = client.get(reverse("volunteers:points-account", args=[account.pk])).content.decode()
    assert "points-adjust" not in page and "adjust/" not in page
    client.post(url, {"amount": 5, "reason": "补录"})
    # a street administrator corrects with a reason; never below zero
    client.force_login(factories.user("street_admin", tree.street))
    client.post(url, {"amount": 5, "reason": ""})
    client.post(url, {"amount": -100, "reason": "冲正"})
    client.post(url, {"amount": 5, "reason": "补录"})
    account.refresh_from_db()
    assert account.balance == 15
    assert list(account.entries.values_list("kind", flat=True)) == ["adjust", "earn"]


def test_leaderboard_downloads(staff_client, alice, carol, earn, place):
    earn(alice, 2)
    earn(carol, 1)
    xlsx = staff_client.get(reverse("volunteers:points-overview"),
                            {"community": place.community.pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert rows[1][:3] == (1, "王芳", 20) and rows[2][:3] == (2, "陈梅", 10)
    assert not Redemption.objects.exists()
