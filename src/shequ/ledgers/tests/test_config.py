"""The configuration pages: categories, each district's warning rules and thresholds, and
the working-day calendar. Only district administrators reach them, only for their own
district's rules; every change is audited with before and after; bad values are refused
with a message and change nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from shequ.core.errors import DomainError, Forbidden
from shequ.core.models import AuditEvent
from shequ.ledgers import services, workdays
from shequ.ledgers.alerting.config import DistrictSettings
from shequ.ledgers.models import Category, Holiday, WarningRule
from shequ.testing import factories
from shequ.testing.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]


def _pages(tree):
    sanitation = Category.objects.get(code="sanitation")
    return [reverse("ledgers:category-list"), reverse("ledgers:category-new"),
            reverse("ledgers:settings"),
            reverse("ledgers:category-edit", args=[sanitation.pk]),
            reverse("ledgers:rule-list"),
            reverse("ledgers:rule-edit", args=[tree.district.pk, "cluster"]),
            reverse("ledgers:holiday-list")]


@pytest.mark.parametrize("role,area,status", [
    ("district_admin", "district", 200),
    ("street_admin", "street", 404),
    ("community_staff", "community", 404),
    ("grid_worker", "grid1", 404),
    ("supervisor", "community", 404),
    ("resident", "community", 404),
    ("sysadmin", "district", 404),
])
def test_who_reaches_the_settings_pages(client, tree, role, area, status):
    user = factories.user(role, getattr(tree, area))
    client.login(username=user.username, password=PASSWORD)
    for url in _pages(tree):
        expected = 302 if status == 200 and url == reverse("ledgers:settings") else status
        assert client.get(url).status_code == expected, url


def test_anonymous_people_are_asked_to_sign_in(client, tree):
    for url in _pages(tree):
        r = client.get(url)
        assert r.status_code == 302 and "login" in r.url


def test_the_menu_offers_settings_to_district_administrators_only(login, district_admin,
                                                                 staff, client):
    url = reverse("ledgers:settings")
    assert f'href="{url}"' in login(district_admin).get(reverse("ledgers:case-list")).content.decode()
    client.logout()
    assert f'href="{url}"' not in login(staff).get(reverse("ledgers:case-list")).content.decode()


class TestCategories:
    def test_create(self, login, district_admin):
        c = login(district_admin)
        r = c.post(reverse("ledgers:category-new"), {
            "code": "parking", "name": "停车管理", "ledger": "livelihood",
            "deadline_working_days": 4, "public": "on", "is_active": "on", "order": 50})
        assert r.status_code == 302
        cat = Category.objects.get(code="parking")
        assert (cat.name, cat.deadline_working_days, cat.public) == ("停车管理", 4, True)
        audit = AuditEvent.objects.get(entity="category", entity_id=str(cat.pk))
        assert audit.actor == district_admin and audit.after["name"] == "停车管理"
        assert "停车管理" in c.get(reverse("ledgers:category-list")).content.decode()

    @pytest.mark.parametrize("change,field,message", [
        ({"code": "sanitation"}, "code", "已有使用该编码的类别"),
        ({"code": "Bad Code!"}, "code", "编码为 2 至 40 位"),
        ({"ledger": "stability", "public": "on"}, "public", "稳定类事项不得向公众开放"),
        ({"deadline_working_days": 91}, "deadline_working_days", "0 至 90"),
        ({"name": "  "}, "name", ""),
    ])
    def test_bad_values_are_refused_with_a_message(self, login, district_admin, change, field,
                                                   message):
        data = {"code": "parking", "name": "停车管理", "ledger": "livelihood",
                "deadline_working_days": 4, "is_active": "on", "order": 50, **change}
        count = Category.objects.count()
        r = login(district_admin).post(reverse("ledgers:category-new"), data)
        assert r.status_code == 400 and Category.objects.count() == count
        errors = " ".join(str(e) for e in r.context["form"].errors.get(field, []))
        assert errors and message in errors, r.context["form"].errors
        assert not AuditEvent.objects.filter(entity="category").exists()

    def test_edit_records_before_and_after_and_applies_to_new_cases(
            self, login, district_admin, make_case, staff):
        sanitation = Category.objects.get(code="sanitation")
        r = login(district_admin).post(
            reverse("ledgers:category-edit", args=[sanitation.pk]),
            {"name": "环境卫生", "ledger": "livelihood", "deadline_working_days": 10,
             "public": "on", "is_active": "on", "order": sanitation.order,
             "description": sanitation.description, "keywords": sanitation.keywords})
        assert r.status_code == 302
        audit = AuditEvent.objects.get(entity="category", action="update")
        assert audit.before == {"deadline_working_days": 3}
        assert audit.after == {"deadline_working_days": 10}
        case = make_case(staff, category=Category.objects.get(code="sanitation"))
        assert case.due_at == workdays.due_at(case.created_at, 10)

    def test_a_category_with_cases_keeps_its_ledger(self, login, district_admin, make_case,
                                                    staff):
        make_case(staff)
        sanitation = Category.objects.get(code="sanitation")
        r = login(district_admin).post(
            reverse("ledgers:category-edit", args=[sanitation.pk]),
            {"name": "环境卫生", "ledger": "appeal", "deadline_working_days": 3,
             "public": "on", "is_active": "on", "order": 1})
        assert r.status_code == 400 and "不能更改所属台账" in r.content.decode()
        assert Category.objects.get(pk=sanitation.pk).ledger == "livelihood"

    def test_a_deactivated_category_is_no_longer_offered(self, login, district_admin, client):
        noise = Category.objects.get(code="noise")
        login(district_admin).post(reverse("ledgers:category-edit", args=[noise.pk]), {
            "name": "噪音扰民", "ledger": "livelihood", "deadline_working_days": 3,
            "public": "on", "order": 2})  # is_active unticked
        client.logout()
        assert "噪音扰民" not in client.get(reverse("ledgers:report")).content.decode()

    def test_the_service_refuses_people_without_the_right(self, staff):
        with pytest.raises(Forbidden):
            services.category_create(actor=staff, code="x1", ledger="livelihood", name="x",
                                     deadline_working_days=3)


class TestWarningRules:
    def test_the_list_shows_defaults_and_the_districts_changes(self, login, district_admin,
                                                               place):
        c = login(district_admin)
        page = c.get(reverse("ledgers:rule-list")).content.decode()
        assert 'data-rule="cluster"' in page and 'data-rule="spike"' in page
        assert "本区已调整" not in page

    def test_edit_thresholds(self, login, district_admin, place):
        c = login(district_admin)
        url = reverse("ledgers:rule-edit", args=[place.district.pk, "cluster"])
        r = c.post(url, {"is_active": "on", "level": "red", "count": 3, "window_days": 5})
        assert r.status_code == 302
        rule = WarningRule.objects.get(district=place.district, kind="cluster")
        assert (rule.level, rule.params) == ("red", {"count": 3, "window_days": 5})
        assert DistrictSettings(place.district.path).rule("cluster").params["count"] == 3
        audit = AuditEvent.objects.get(action="warning_rule_set")
        assert audit.actor == district_admin and audit.after["params"]["count"] == 3
        # a second change records what it was before
        c.post(url, {"is_active": "on", "level": "red", "count": 4, "window_days": 5})
        last = AuditEvent.objects.filter(action="warning_rule_set").latest("id")
        assert last.before == {"params": {"count": 3, "window_days": 5}}

    def test_lists_of_ledgers_and_tags(self, login, district_admin, place):
        c = login(district_admin)
        r = c.post(reverse("ledgers:rule-edit", args=[place.district.pk, "repeat"]), {
            "is_active": "on", "level": "yellow", "count": 4, "window_days": 30,
            "ledgers": ["appeal", "livelihood"]})
        assert r.status_code == 302
        rule = WarningRule.objects.get(kind="repeat")
        assert rule.params["ledgers"] == ["appeal", "livelihood"]
        r = c.post(reverse("ledgers:rule-edit", args=[place.district.pk, "key_person"]), {
            "is_active": "", "level": "red", "tag": "no-such-tag", "window_days": 30})
        assert r.status_code == 400 and not WarningRule.objects.filter(kind="key_person").exists()

    @pytest.mark.parametrize("data,message", [
        ({"count": 1, "window_days": 7}, "须在 2 至 1000 之间"),
        ({"count": 5, "window_days": 0}, "须在 1 至 365 之间"),
        ({"count": "x", "window_days": 7}, ""),
    ])
    def test_bad_thresholds_are_refused(self, login, district_admin, place, data, message):
        r = login(district_admin).post(
            reverse("ledgers:rule-edit", args=[place.district.pk, "cluster"]),
            {"is_active": "on", "level": "orange", **data})
        assert r.status_code == 400 and message in r.content.decode()
        assert not WarningRule.objects.exists() and not AuditEvent.objects.filter(
            action="warning_rule_set").exists()

    def test_another_districts_rules_are_out_of_reach(self, login, district_admin, place):
        other = factories.Tree()
        url = reverse("ledgers:rule-edit", args=[other.district.pk, "cluster"])
        c = login(district_admin)
        assert c.get(url).status_code == 404
        assert c.post(url, {"is_active": "on", "level": "red", "count": 3,
                            "window_days": 5}).status_code == 404
        page = c.get(reverse("ledgers:rule-list")).content.decode()
        assert f'data-district="{place.district.pk}"' in page
        assert f'data-district="{other.district.pk}"' not in page
        with pytest.raises(Forbidden):
            services.warning_rule_set(actor=district_admin, district=other.district,
                                      kind="cluster", level="red", params={"count": 3})
        assert not WarningRule.objects.exists()

    def test_an_unknown_rule_is_not_found(self, login, district_admin, place):
        url = reverse("ledgers:rule-edit", args=[place.district.pk, "nonsense"])
        assert login(district_admin).get(url).status_code == 404

    def test_rules_are_set_on_districts_only(self, district_admin, place):
        with pytest.raises(DomainError):
            services.warning_rule_set(actor=district_admin, district=place.street,
                                      kind="cluster", level="red", params={})


class TestHolidays:
    def test_declare_and_remove_a_day(self, login, district_admin):
        c = login(district_admin)
        r = c.post(reverse("ledgers:holiday-list"),
                   {"date": "2027-10-01", "name": "国庆节", "year": 2027})
        assert r.status_code == 302 and r.url.endswith("?year=2027")
        day = Holiday.objects.get(date=dt.date(2027, 10, 1))
        assert not day.is_workday and day.name == "国庆节"
        page = c.get(reverse("ledgers:holiday-list"), {"year": 2027}).content.decode()
        assert "2027-10-01" in page and "国庆节" in page
        assert not workdays.is_working_day(dt.date(2027, 10, 1))
        c.post(reverse("ledgers:holiday-remove"), {"date": "2027-10-01"})
        assert not Holiday.objects.filter(date=dt.date(2027, 10, 1)).exists()
        removed = AuditEvent.objects.get(action="holiday_remove")
        assert removed.before == {"is_workday": False, "name": "国庆节"}
        assert AuditEvent.objects.get(action="holiday_set").actor == district_admin

    def test_a_make_up_working_day(self, login, district_admin):
        login(district_admin).post(reverse("ledgers:holiday-list"),
                                   {"date": "2027-09-26", "is_workday": "on", "name": "调休"})
        assert workdays.is_working_day(dt.date(2027, 9, 26))  # a Sunday, worked

    def test_no_date_no_change(self, login, district_admin):
        count = Holiday.objects.count()
        r = login(district_admin).post(reverse("ledgers:holiday-list"), {"date": "", "name": "x"})
        assert r.status_code == 400 and Holiday.objects.count() == count

    def test_others_cannot_change_the_calendar(self, login, staff):
        count = Holiday.objects.count()
        c = login(staff)
        assert c.post(reverse("ledgers:holiday-list"), {"date": "2027-10-01"}).status_code == 404
        assert c.post(reverse("ledgers:holiday-remove"),
                      {"date": "2026-10-01"}).status_code == 404
        assert Holiday.objects.count() == count
        with pytest.raises(Forbidden):
            services.holiday_set(actor=staff, date=dt.date(2027, 10, 1), is_workday=False)
