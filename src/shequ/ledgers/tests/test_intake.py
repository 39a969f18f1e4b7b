"""Taking in cases from every channel, attachments, duplicate suggestions and links."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import selectors, services
from shequ.ledgers.models import Case, Category
from shequ.testing import factories

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 100


def test_a_grid_worker_records_a_visit_with_a_photo_and_takes_it(place, grid_worker,
                                                                  sanitation):
    # when
    case = services.case_create(
        actor=grid_worker, category=sanitation, building=place.building1, source="visit",
        description="3单元楼道堆放杂物\n影响通行", assign_to_self=True,
        reporter_name="李四", reporter_phone="13912345678",
        attachments=[SimpleUploadedFile("IMG_1.jpg", JPEG, content_type="image/jpeg")])
    # then it is in the grid, assigned to the worker, with the photo and a masked phone
    stored = Case.objects.get(pk=case.pk)
    assert (stored.grid, stored.path, stored.state) == (place.grid1, place.grid1.path,
                                                        "assigned")
    assert stored.assigned_to == grid_worker
    assert stored.title == "3单元楼道堆放杂物"
    assert stored.reporter_phone_masked == "139****5678"
    assert b"13912345678" not in bytes(stored.reporter_phone_enc)
    assert stored.lat == place.building1.lat
    att = stored.attachments.get()
    assert att.size == len(JPEG) and "IMG_1" not in att.file.name
    assert [e.kind for e in stored.events.all()] == ["create", "assign"]
    audit = AuditEvent.objects.get(entity="case", entity_id=str(case.pk), action="case_create")
    assert "13912345678" not in str(audit.after)


def test_a_grid_worker_cannot_file_in_another_grid(place, other_grid_worker, sanitation):
    with pytest.raises(NotFound):
        services.case_create(actor=other_grid_worker, category=sanitation,
                             building=place.building1, source="visit", description="x")
    assert not Case.objects.exists()


@pytest.mark.parametrize(("kw", "field"), [
    ({"description": "  "}, "description"),
    ({"description": "长" * 2001}, "description"),
    ({"source": "fax"}, "source"),
    ({"reporter_phone": "12345"}, "reporter_phone"),
    ({"lat": "91", "lng": "107"}, "lat"),
    ({"lat": "31.2"}, "lat"),
    ({"building": None}, "building"),
])
def test_bad_intake_names_the_field_and_saves_nothing(place, staff, sanitation, kw, field):
    args = {"category": sanitation, "building": place.building1, "source": "walk_in",
            "description": "噪音", **kw}
    with pytest.raises(DomainError) as exc:
        services.case_create(actor=staff, **args)
    assert exc.value.field == field
    assert not Case.objects.exists()


def test_a_system_channel_may_file_under_an_area_for_routing(place, sanitation):
    case = services.case_create(actor=SYSTEM, category=sanitation, area=place.community,
                                source="open311", description="路边垃圾", address="翠屏路12号")
    assert (case.grid, case.path) == (None, place.community.path)


def test_stability_categories_are_never_public(district_admin):
    with pytest.raises(DomainError) as exc:
        services.category_save(actor=district_admin, code="x", ledger="stability", name="x",
                               deadline_working_days=1, public=True)
    assert exc.value.code == "stability_not_public"
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.filter(ledger="stability").update(public=True)


def test_attachments_must_be_photos_or_pdf(make_case, staff):
    with pytest.raises(DomainError) as exc:
        make_case(staff, attachments=[SimpleUploadedFile("a.exe", b"MZ", "application/x-exe")])
    assert exc.value.code == "file_type"
    assert not Case.objects.exists()


class TestDuplicates:
    def test_same_building_or_within_100_m_in_14_days_is_suggested(self, make_case, place,
                                                                   staff, sanitation):
        # given an open case at building 1, one 1 km away, one closed, one old, one other
        # category
        near = make_case(staff)
        make_case(staff, building=place.building2)
        old = make_case(staff, received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=15))
        other = make_case(staff, category=Category.objects.get(code="noise"),
                          attributes={"noise_time": "night"})
        rejected = make_case(staff)
        services.case_reject(actor=staff, case=rejected, reason="重复")
        # when a new sanitation case is entered at ~50 m from building 1, no building given
        found = selectors.duplicate_candidates(actor=staff, category=sanitation,
                                               lat=Decimal("31.208400"), lng=Decimal("107.468100"))
        # then only the open, recent, same-category, nearby case is suggested
        assert [c.pk for c in found] == [near.pk]
        assert old.pk not in [c.pk for c in found] and other.pk not in [c.pk for c in found]
        # and by building too
        by_building = selectors.duplicate_candidates(actor=staff, category=sanitation,
                                                     building=place.building1)
        assert [c.pk for c in by_building] == [near.pk]

    def test_suggestions_stay_in_scope(self, make_case, staff, other_grid_worker, sanitation,
                                       place):
        make_case(staff)
        assert selectors.duplicate_candidates(actor=other_grid_worker, category=sanitation,
                                              building=place.building1) == []

    def test_a_duplicate_follows_its_original(self, make_case, staff, grid_worker):
        # given an original and a duplicate linked to it
        original = make_case(staff)
        dup = make_case(staff, duplicate_of=original)
        assert dup.duplicate_of == original and dup.state == "received"
        # when the original is handled and closed
        services.case_assign(actor=staff, case=original, assignee=grid_worker)
        services.case_start(actor=grid_worker, case=original)
        services.case_resolve(actor=grid_worker, case=original, note="已清理")
        assert Case.objects.get(pk=dup.pk).state == "resolved"
        services.case_rate(actor=staff, case=original, rating="satisfied")
        # then the duplicate is closed too; both cases stay
        stored = Case.objects.get(pk=dup.pk)
        assert stored.state == "closed"
        assert [e.kind for e in stored.events.all()] == [
            "create", "link", "follow_resolve", "follow_close"]
        assert Case.objects.count() == 2

    def test_links_point_at_the_first_case_and_never_at_itself(self, make_case, staff):
        a = make_case(staff)
        b = make_case(staff, duplicate_of=a)
        c = make_case(staff)
        services.case_link_duplicate(actor=staff, case=c, original=b)
        assert Case.objects.get(pk=c.pk).duplicate_of_id == a.pk
        with pytest.raises(DomainError):
            services.case_link_duplicate(actor=staff, case=a, original=a)

    def test_linking_to_a_closed_original_closes_the_duplicate(self, make_case, staff,
                                                                grid_worker):
        original = make_case(staff)
        services.case_assign(actor=staff, case=original, assignee=grid_worker)
        services.case_start(actor=grid_worker, case=original)
        services.case_resolve(actor=grid_worker, case=original, note="ok")
        services.case_close(actor=staff, case=original)
        dup = make_case(staff)
        services.case_link_duplicate(actor=staff, case=dup, original=original)
        assert Case.objects.get(pk=dup.pk).state == "closed"


def test_other_modules_file_cases_as_the_system(place):
    patrol = Category.objects.get(code="safety_hazard")
    factories.user("grid_worker", place.grid1)
    case = services.case_create(actor=SYSTEM, category=patrol, grid=place.grid1, source="patrol",
                                description="巡逻发现消防通道被占用", source_ref="patrol:77")
    assert (case.ledger, case.source, case.created_by) == ("stability", "patrol", None)
