"""The resident portal: a resident signed in, or anyone with a phone number, reports a
matter in a public category; residents follow and rate their own reports. Refusals
(stability categories, bad phones, places outside the community, limits, CSRF) write
nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from shequ.core import crypto
from shequ.core.errors import DomainError
from shequ.core.models import AuditEvent
from shequ.ledgers import services
from shequ.ledgers.models import Attachment, Case, CaseEvent, Category, EarlyWarning
from shequ.testing import factories
from shequ.testing.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template", "fresh_limits")]
PHONE = "13912345678"
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64


@pytest.fixture
def report(place, sanitation, django_capture_on_commit_callbacks):
    """File a report through the service, running what intake schedules after commit."""

    def file(actor=None, **kw):
        kw.setdefault("category", sanitation)
        kw.setdefault("community", place.community)
        kw.setdefault("description", "单元门口垃圾三天没人清运")
        kw.setdefault("reporter_phone", PHONE if actor is None else "")
        kw.setdefault("ip", "10.0.0.1")
        with django_capture_on_commit_callbacks(execute=True):
            return services.case_report(actor=actor, **kw)

    return file


def _counts():
    return (Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count(),
            Attachment.objects.count())


# -- the service -----------------------------------------------------------------------------
class TestReportService:
    def test_anonymous_report_is_located_by_the_typed_address(self, report, place):
        # when someone reports with a phone and an address naming compound and building
        case = report(address="金竹苑7栋2单元门口")
        # then the case is in grid 1 at building 7, from the portal, due by its category
        assert (case.source, case.grid, case.building) == ("portal", place.grid1,
                                                             place.building1)
        assert case.state == "received" and case.created_by is None
        # and the phone is stored encrypted, hashed and masked — never in clear
        assert case.reporter_phone_masked == "139****5678"
        assert crypto.decrypt(case.reporter_phone_enc) == PHONE
        audit = AuditEvent.objects.get(action="case_create", entity_id=str(case.pk))
        assert audit.after["reporter_phone"] == "139****5678"
        assert not any(PHONE in str(v) for v in AuditEvent.objects.values_list(
            "summary", "before", "after", "reason"))

    def test_a_report_nobody_can_locate_waits_in_the_community(self, report, place):
        case = report(address="翠屏路口的公交站")
        assert case.grid is None and case.path == place.community.path

    def test_a_signed_in_resident_reports_without_typing_a_phone(self, report, resident):
        case = report(resident)
        person = resident.resident
        assert case.reporter == person and case.reporter_name == "张三"
        assert case.reporter_phone_hash == person.phone_hash
        assert case.created_by == resident
        assert case.events.get().actor == resident

    def test_an_account_without_a_resident_record_must_leave_a_phone(self, report, place):
        user = factories.user("resident", place.community)
        before = _counts()
        with pytest.raises(DomainError) as exc:
            report(user)
        assert exc.value.field == "reporter_phone" and _counts() == before
        case = report(user, reporter_phone=PHONE)
        assert case.created_by == user and case.reporter is None

    @pytest.mark.parametrize("code", ["conflict_risk", "safety_hazard", "social_assistance"])
    def test_stability_and_non_public_categories_are_refused(self, report, code):
        before = _counts()
        with pytest.raises(DomainError) as exc:
            report(category=Category.objects.get(code=code))
        assert exc.value.code == "category_not_public" and _counts() == before

    def test_a_stability_category_is_refused_even_if_flagged_public(self, report):
        # the database refuses the flag; a stale object in memory must not get through
        category = Category.objects.get(code="conflict_risk")
        category.public = True
        with pytest.raises(DomainError):
            report(category=category)
        assert Case.objects.count() == 0

    @pytest.mark.parametrize("phone", ["12345", "1391234567a", "23912345678"])
    def test_bad_phones_are_refused(self, report, phone):
        before = _counts()
        with pytest.raises(DomainError) as exc:
            report(reporter_phone=phone)
        assert exc.value.field == "reporter_phone" and _counts() == before

    def test_a_building_of_another_community_is_refused(self, report, place):
        other = factories.Tree()
        building = other.household1.entrance.building
        with pytest.raises(DomainError) as exc:
            report(building=building)
        assert exc.value.field == "building" and Case.objects.count() == 0

    def test_a_grid_is_not_a_community(self, report, place):
        with pytest.raises(DomainError) as exc:
            report(community=place.grid1)
        assert exc.value.field == "community"

    def test_a_bad_attachment_leaves_no_half_written_case(self, report):
        before = _counts()
        bad = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
        with pytest.raises(DomainError):
            report(attachments=[bad])
        assert _counts() == before

    def test_one_phone_reports_a_limited_number_of_times(self, report, settings):
        settings.LEDGERS_PORTAL_LIMITS = {"phone": (2, 3600)}
        report(ip="10.0.0.1")
        report(ip="10.0.0.2")
        with pytest.raises(services.RateLimited) as exc:
            report(ip="10.0.0.3")
        assert exc.value.status == 429 and exc.value.code == "rate_limited"
        assert Case.objects.count() == 2
        report(reporter_phone="13900000000", ip="10.0.0.4")  # another number still may

    def test_one_address_tries_a_limited_number_of_times(self, report, settings):
        settings.LEDGERS_PORTAL_LIMITS = {"ip": (2, 3600)}
        with pytest.raises(DomainError):
            report(reporter_phone="bad")  # a refused attempt counts too
        report(reporter_phone="13900000001")
        with pytest.raises(services.RateLimited):
            report(reporter_phone="13900000002")
        assert Case.objects.count() == 1

    def test_portal_reports_raise_early_warnings(self, report, place, district_admin):
        services.warning_rule_set(actor=district_admin, district=place.district,
                                  kind="cluster", level="red",
                                  params={"count": 2, "window_days": 7})
        report(building=place.building1)
        report(building=place.building1, reporter_phone="13900000009")
        (warning,) = EarlyWarning.objects.filter(kind="cluster")
        assert warning.cases.count() == 2 and warning.level == "red"


# -- the pages -------------------------------------------------------------------------------
def _form(place, sanitation, **kw):
    data = {"category": sanitation.pk, "community": place.community.pk, "building": "",
            "address": "金竹苑7栋", "description": "楼道灯坏了一周", "reporter_name": "李女士",
            "reporter_phone": PHONE}
    data.update(kw)
    return data


class TestReportPage:
    def test_only_public_categories_are_offered(self, client, place):
        page = client.get(reverse("ledgers:report")).content.decode()
        assert "环境卫生" in page and "噪音扰民" in page
        for hidden in ("矛盾纠纷隐患", "安全隐患", "重点人员动态", "社会救助"):
            assert hidden not in page
        assert place.community.name in page

    def test_an_anonymous_report_and_its_receipt(self, client, place, sanitation):
        r = client.post(reverse("ledgers:report"), _form(place, sanitation))
        case = Case.objects.get()
        assert r.status_code == 302 and r.url == reverse("ledgers:report-done", args=[case.pk])
        receipt = client.get(r.url)
        page = receipt.content.decode()
        assert f"#{case.pk}" in page and "139****5678" in page and PHONE not in page
        assert receipt["Cache-Control"].startswith("max-age=0") or "no-store" in receipt[
            "Cache-Control"]
        # another browser cannot read the receipt
        assert Client().get(r.url).status_code == 404

    def test_a_stability_category_posted_by_hand_is_refused(self, client, place, sanitation):
        stability = Category.objects.get(code="conflict_risk")
        r = client.post(reverse("ledgers:report"),
                        _form(place, sanitation, category=stability.pk))
        assert r.status_code == 400 and Case.objects.count() == 0

    def test_a_bad_phone_is_refused_and_not_written_back(self, client, place, sanitation):
        r = client.post(reverse("ledgers:report"),
                        _form(place, sanitation, reporter_phone="1391234"))
        page = r.content.decode()
        assert r.status_code == 400 and "1391234" not in page
        assert "手机号码" in page and Case.objects.count() == 0

    def test_the_phone_is_not_echoed_when_another_field_is_wrong(self, client, place,
                                                                 sanitation):
        r = client.post(reverse("ledgers:report"), _form(place, sanitation, description=""))
        assert r.status_code == 400 and PHONE not in r.content.decode()

    def test_too_many_reports_get_a_429_in_chinese(self, client, place, sanitation, settings):
        settings.LEDGERS_PORTAL_LIMITS = {"ip": (1, 3600)}
        assert client.post(reverse("ledgers:report"), _form(place, sanitation)).status_code == 302
        r = client.post(reverse("ledgers:report"),
                        _form(place, sanitation, reporter_phone="13900000000"))
        assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
        assert Case.objects.count() == 1

    def test_posts_without_the_csrf_token_are_refused(self, place, sanitation):
        c = Client(enforce_csrf_checks=True)
        r = c.post(reverse("ledgers:report"), _form(place, sanitation))
        assert r.status_code == 403 and Case.objects.count() == 0

    def test_a_bad_photo_writes_nothing(self, client, place, sanitation):
        bad = SimpleUploadedFile("a.svg", b"<svg/>", content_type="image/svg+xml")
        before = _counts()
        r = client.post(reverse("ledgers:report"), {**_form(place, sanitation), "photos": bad})
        assert r.status_code == 400 and _counts() == before

    def test_a_photo_is_attached(self, client, place, sanitation):
        photo = SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")
        r = client.post(reverse("ledgers:report"), {**_form(place, sanitation), "photos": photo})
        assert r.status_code == 302 and Case.objects.get().attachments.count() == 1

    def test_picking_a_community_lists_its_buildings(self, client, place):
        r = client.get(reverse("ledgers:report-buildings"), {"community": place.community.pk})
        page = r.content.decode()
        assert f'value="{place.building1.pk}"' in page and "金竹苑7栋" in page
        other = factories.Tree()
        r = client.get(reverse("ledgers:report-buildings"), {"community": other.community.pk})
        assert f'value="{place.building1.pk}"' not in r.content.decode()

    def test_staff_are_sent_to_their_own_intake_form(self, client, staff):
        client.login(username=staff.username, password=PASSWORD)
        r = client.get(reverse("ledgers:report"))
        assert r.status_code == 302 and r.url == reverse("ledgers:case-new")


class TestMyReports:
    @pytest.fixture
    def signed_in(self, client, resident):
        client.login(username=resident.username, password=PASSWORD)
        return client

    def test_a_resident_reports_follows_and_rates(self, signed_in, place, sanitation, staff,
                                                   grid_worker):
        # given a report filed by the signed-in resident, without typing a phone
        page = signed_in.get(reverse("ledgers:report")).content.decode()
        assert "张三" in page
        r = signed_in.post(reverse("ledgers:report"),
                           _form(place, sanitation, reporter_phone=""))
        case = Case.objects.get()
        assert r.status_code == 302 and case.reporter.name == "张三"
        # then it is in their list, with its status
        mine = signed_in.get(reverse("ledgers:my-reports")).content.decode()
        assert f'data-report="{case.pk}"' in mine
        # when staff handle it
        services.case_assign(actor=staff, case=case, assignee=grid_worker, note="内部备注")
        services.case_start(actor=grid_worker, case=case)
        services.case_resolve(actor=grid_worker, case=case, note="已联系保洁清运")
        detail = signed_in.get(reverse("ledgers:my-report", args=[case.pk])).content.decode()
        # the reporter sees the resolution but not internal notes or staff names
        assert "已联系保洁清运" in detail and "内部备注" not in detail
        assert grid_worker.username not in detail and 'data-testid="rate"' in detail
        # when they are not satisfied, it is handled again once
        case.refresh_from_db()
        signed_in.post(reverse("ledgers:my-report-rate", args=[case.pk]),
                       {"rating": "unsatisfied", "version": case.version})
        case.refresh_from_db()
        assert case.state == "in_progress" and case.reopened_count == 1
        services.case_resolve(actor=grid_worker, case=case, note="再次清运并加装垃圾桶")
        case.refresh_from_db()
        signed_in.post(reverse("ledgers:my-report-rate", args=[case.pk]),
                       {"rating": "satisfied", "version": case.version})
        case.refresh_from_db()
        assert case.state == "closed" and case.rating == "satisfied"

    def test_nobody_else_sees_or_rates_a_report(self, client, signed_in, place, sanitation,
                                                 make_case, staff, grid_worker):
        # a case that someone else reported, resolved and waiting for a rating
        theirs = make_case(staff)
        services.case_assign(actor=staff, case=theirs, assignee=grid_worker)
        services.case_start(actor=grid_worker, case=theirs)
        services.case_resolve(actor=grid_worker, case=theirs, note="ok")
        assert signed_in.get(reverse("ledgers:my-report", args=[theirs.pk])).status_code == 404
        r = signed_in.post(reverse("ledgers:my-report-rate", args=[theirs.pk]),
                           {"rating": "unsatisfied"})
        theirs.refresh_from_db()
        assert r.status_code == 404 and theirs.state == "resolved"
        assert signed_in.get(reverse("ledgers:case-detail", args=[theirs.pk])).status_code == 404
        assert f'data-report="{theirs.pk}"' not in signed_in.get(
            reverse("ledgers:my-reports")).content.decode()

    def test_a_second_resident_does_not_see_the_first_ones_reports(self, signed_in, place,
                                                                    sanitation):
        signed_in.post(reverse("ledgers:report"), _form(place, sanitation, reporter_phone=""))
        case = Case.objects.get()
        other = factories.user("resident", place.community)
        c = Client()
        c.login(username=other.username, password=PASSWORD)
        assert c.get(reverse("ledgers:my-report", args=[case.pk])).status_code == 404

    def test_staff_have_no_my_reports_page(self, client, grid_worker):
        client.login(username=grid_worker.username, password=PASSWORD)
        assert client.get(reverse("ledgers:my-reports")).status_code == 404

    def test_anonymous_people_are_asked_to_sign_in(self, client):
        r = client.get(reverse("ledgers:my-reports"))
        assert r.status_code == 302 and "login" in r.url


def test_staff_see_an_earlier_case_as_a_possible_original_and_link_it(
        client, report, make_case, place, staff):
    # given a case taken in at building 7 and, later, a portal report about the same
    original = make_case(staff)
    portal = report(building=place.building1)
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(reverse("ledgers:case-detail", args=[portal.pk])).content.decode()
    assert 'data-testid="suggestions"' in page and f"#{original.pk}" in page
    # the earlier case is not told to follow the later one
    page = client.get(reverse("ledgers:case-detail", args=[original.pk])).content.decode()
    assert 'data-testid="suggestions"' not in page
    # when staff link them, the report follows the original
    client.post(reverse("ledgers:case-act", args=[portal.pk, "link"]),
                {"original": original.pk, "version": portal.version})
    portal.refresh_from_db()
    assert portal.duplicate_of == original


def test_the_list_of_ones_reports_costs_the_same_for_three_or_thirty(
        client, report, resident, settings, django_assert_max_num_queries):
    settings.LEDGERS_PORTAL_LIMITS = {"user": (100, 3600), "phone": (100, 3600)}
    client.login(username=resident.username, password=PASSWORD)
    for _ in range(3):
        report(resident)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("ledgers:my-reports"))
    for i in range(27):
        report(resident, ip=f"10.0.1.{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("ledgers:my-reports")).content.decode()
    assert page.count("data-report=") == 30
