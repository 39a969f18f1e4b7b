"""Checking a report's progress without an account: the report number and the phone the
report was made with open a read-only status page for that report in this session. Every
mismatch — unknown number, wrong phone, a report from another channel or in the stability
ledger — gets the same answer, and attempts are limited per address and per number."""

import logging
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.ledgers import services
from shequ.ledgers.models import Case, Category
from shequ.registry.models import Resident
from shequ.testing import factories
from shequ.testing.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template", "fresh_limits")]
PHONE = "13912345678"
LOOKUP = "ledgers:report-status"


@pytest.fixture
def report(place, sanitation, django_capture_on_commit_callbacks):
    """An anonymous portal report made with PHONE."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.case_report(actor=SYSTEM, category=sanitation, community=place.community,
                                    building=place.building1,
                                    description="单元门口垃圾三天没人清运",
                                    reporter_phone=PHONE, ip="10.0.0.1")


@pytest.fixture
def resolved(report, staff, grid_worker):
    services.case_assign(actor=staff, case=report, assignee=grid_worker, note="内部备注：物业推诿")
    services.case_start(actor=grid_worker, case=report)
    services.case_resolve(actor=grid_worker, case=report, note="已联系保洁清运")
    report.refresh_from_db()
    return report


def _lookup(client, number, phone=PHONE, **extra):
    return client.post(reverse(LOOKUP), {"number": str(number), "phone": phone}, **extra)


def _comparable(response) -> str:
    """The page without what legitimately differs between two refusals: the CSRF token and
    the report number typed back into its field."""
    page = response.content.decode()
    page = re.sub(r'"[A-Za-z0-9]{64}"', '"csrf"', page)
    return re.sub(r'(name="number"[^>]*?) value="[^"]*"', r"\1", page)


class TestLookup:
    def test_the_right_number_and_phone_show_the_reporters_view(self, client, resolved,
                                                                grid_worker):
        # when the reporter enters the number and the phone (typed with spaces and +86)
        r = _lookup(client, resolved.pk, phone="+86 139 1234 5678")
        # then they are sent to the report's status page
        assert r.status_code == 302
        assert r.url == reverse("ledgers:report-status-case", args=[resolved.pk])
        page = client.get(r.url)
        html = page.content.decode()
        # which shows the state, the resolution, the masked phone — nothing internal
        assert page.status_code == 200 and resolved.get_state_display() in html
        assert "已联系保洁清运" in html and "139****5678" in html
        assert "内部备注" not in html and grid_worker.username not in html
        assert str(grid_worker) not in html
        assert "no-store" in page["Cache-Control"] or page["Cache-Control"].startswith(
            "max-age=0")

    def test_the_phone_is_never_in_a_page(self, client, report):
        ok = client.get(_lookup(client, report.pk).url)
        refused = _lookup(client, report.pk, phone="13900000000")
        form = client.get(reverse(LOOKUP))
        for response in (ok, refused, form, _lookup(client, report.pk)):
            assert PHONE not in response.content.decode()
        assert "13900000000" not in refused.content.decode()

    def test_the_phone_is_not_logged(self, client, report, caplog):
        with caplog.at_level(logging.DEBUG):
            _lookup(client, report.pk)
            _lookup(client, report.pk, phone="13900000000")
            _lookup(client, 999999)
        assert PHONE not in caplog.text and "13900000000" not in caplog.text

    def test_every_mismatch_gets_the_same_answer(self, client, report, make_case, staff,
                                                 place):
        # given a stability case and a hotline case, both with the same phone
        stability = make_case(staff, category=Category.objects.get(code="conflict_risk"),
                              reporter_phone=PHONE)
        hotline = make_case(staff, reporter_phone=PHONE)
        # and a stability case that claims to come from the portal
        Case.objects.filter(pk=stability.pk).update(source="portal")
        assert Case.objects.get(pk=stability.pk).reporter_phone_hash == \
            Case.objects.get(pk=report.pk).reporter_phone_hash
        attempts = {
            "wrong phone": _lookup(client, report.pk, phone="13900000000"),
            "unknown number": _lookup(client, report.pk + 1000),
            "stability ledger": _lookup(client, stability.pk),
            "other channel": _lookup(client, hotline.pk),
            "not a number": _lookup(client, "abc"),
            "not a phone": _lookup(client, report.pk, phone="12345"),
        }
        # then each is refused with the same status and the same page
        first = attempts["wrong phone"]
        assert first.status_code == 400
        assert "受理编号与手机号码不匹配" in first.content.decode()
        for name, response in attempts.items():
            assert response.status_code == 400, name
            assert _comparable(response) == _comparable(first), name
        # and none of them opened anything
        for case in (report, stability, hotline):
            r = client.get(reverse("ledgers:report-status-case", args=[case.pk]))
            assert r.status_code == 302 and r.url.startswith(reverse(LOOKUP))

    def test_posts_without_the_csrf_token_are_refused(self, report):
        assert _lookup(Client(enforce_csrf_checks=True), report.pk).status_code == 403


class TestLimits:
    def test_failed_attempts_on_one_number_lock_it_for_a_while(self, client, report,
                                                               settings):
        settings.LEDGERS_PORTAL_LIMITS = {"status_case": (2, 3600)}
        # given two wrong phones for one report number
        for _ in range(2):
            assert _lookup(client, report.pk, phone="13900000000").status_code == 400
        # then even the right phone is refused for now, with a 429 in Chinese
        r = _lookup(client, f"#{report.pk}")
        assert r.status_code == 429 and "尝试次数过多" in r.content.decode()
        # while other numbers are still answered
        assert _lookup(client, report.pk + 1000).status_code == 400

    def test_an_unknown_number_is_locked_like_a_real_one(self, client, report, settings):
        settings.LEDGERS_PORTAL_LIMITS = {"status_case": (1, 3600)}
        _lookup(client, report.pk + 1000)
        _lookup(client, report.pk, phone="13900000000")
        assert _lookup(client, report.pk + 1000).status_code == 429
        assert _lookup(client, report.pk).status_code == 429

    def test_attempts_from_one_address_are_limited(self, client, report, settings):
        settings.LEDGERS_PORTAL_LIMITS = {"status_ip": (2, 3600)}
        _lookup(client, report.pk + 1000)
        _lookup(client, report.pk + 2000)
        r = _lookup(client, report.pk)
        assert r.status_code == 429 and "尝试次数过多" in r.content.decode()
        # another address is not affected
        assert _lookup(client, report.pk, REMOTE_ADDR="10.9.9.9").status_code == 302


class TestSessionGrant:
    def test_the_grant_opens_that_report_only_and_only_in_this_session(self, client, report,
                                                                       place, sanitation):
        other = services.case_report(actor=SYSTEM, category=sanitation,
                                     community=place.community, description="路灯不亮",
                                     reporter_phone=PHONE, ip="10.0.0.2")
        _lookup(client, report.pk)
        # then this session sees the report again without the phone
        assert client.get(reverse("ledgers:report-status-case",
                                  args=[report.pk])).status_code == 200
        # but not another report of the same phone, nor does another browser
        for c, pk in ((client, other.pk), (Client(), report.pk)):
            r = c.get(reverse("ledgers:report-status-case", args=[pk]))
            assert r.status_code == 302 and r.url == f"{reverse(LOOKUP)}?number={pk}"

    def test_the_session_key_changes_when_access_is_granted(self, client, report):
        client.get(reverse(LOOKUP))
        before = client.session.session_key
        _lookup(client, report.pk)
        assert client.session.session_key != before

    def test_an_anonymous_reporter_cannot_rate_so_the_page_is_read_only(self, client,
                                                                        resolved):
        # the rule of case_rate: a rating comes from the signed-in reporter or from staff,
        # and someone without an account is never the reporter
        assert not services.is_reporter(AnonymousUser(), resolved)
        # given the grant for a resolved report
        _lookup(client, resolved.pk)
        page = client.get(reverse("ledgers:report-status-case", args=[resolved.pk]))
        html = page.content.decode()
        # then no rating form is offered; the page says staff will ask on the call-back
        assert 'name="rating"' not in html and 'data-testid="rate-by-call"' in html
        # and the signed-in rating endpoint does not take the grant
        r = client.post(reverse("ledgers:my-report-rate", args=[resolved.pk]),
                        {"rating": "unsatisfied", "version": resolved.version})
        resolved.refresh_from_db()
        assert r.status_code == 302 and "login" in r.url
        assert resolved.state == "resolved" and resolved.reopened_count == 0

    def test_a_signed_in_reporter_is_pointed_to_where_they_can_rate(
            self, client, place, sanitation, staff, grid_worker):
        user = factories.user("resident", place.community)
        person = factories.resident(place.household1, name="张三", phone="13800005555")
        Resident.objects.filter(pk=person.pk).update(user=user)
        user.refresh_from_db()
        case = services.case_report(actor=user, category=sanitation,
                                    community=place.community, building=place.building1,
                                    description="楼道灯坏了",
                                    reporter_phone=PHONE, ip="10.0.0.3")
        services.case_assign(actor=staff, case=case, assignee=grid_worker)
        services.case_start(actor=grid_worker, case=case)
        services.case_resolve(actor=grid_worker, case=case, note="已更换灯泡")
        client.login(username=user.username, password=PASSWORD)
        _lookup(client, case.pk)
        html = client.get(reverse("ledgers:report-status-case", args=[case.pk])).content.decode()
        assert reverse("ledgers:my-report", args=[case.pk]) in html


class TestLinks:
    def test_the_report_form_and_the_receipt_link_to_the_check(self, client, place,
                                                               sanitation):
        form = client.get(reverse("ledgers:report")).content.decode()
        assert reverse(LOOKUP) in form and "查询办理进度" in form
        r = client.post(reverse("ledgers:report"), {
            "category": sanitation.pk, "community": place.community.pk, "building": "",
            "address": "金竹苑7栋", "description": "楼道灯坏了一周", "reporter_phone": PHONE})
        case = Case.objects.get()
        receipt = client.get(r.url).content.decode()
        assert f"{reverse(LOOKUP)}?number={case.pk}" in receipt and "查询办理进度" in receipt
        # and the number arrives filled in
        page = client.get(reverse(LOOKUP), {"number": case.pk}).content.decode()
        assert f'value="{case.pk}"' in page
