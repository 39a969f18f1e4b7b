"""The resources pages: list (and its printable copy), calendar, booking from a page, the
owner's inbox and decisions, "what is free", utilisation with its Excel download, pairing."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shequ.resources import services
from shequ.resources.models import Booking, BookingStatus, Exchange, Pairing

from .conftest import at

pytestmark = pytest.mark.django_db


def test_list_and_print(client, hall, room, resident):
    client.force_login(resident)
    r = client.get(reverse("resources:resource-list"))
    assert r.status_code == 200 and "党群服务中心大厅" in r.text and "图书馆会议室" in r.text
    r = client.get(reverse("resources:resource-list") + "?print=1")
    assert r.status_code == 200 and 'data-testid="print-rows"' in r.text
    assert "达川区图书馆" in r.text  # the owner is named


def test_calendar_week_and_day(client, hall, staff, day):
    services.booking_request(actor=staff, resource=hall, starts_at=at(day, 9),
                             ends_at=at(day, 11))
    client.force_login(staff)
    url = reverse("resources:resource-detail", args=[hall.pk])
    r = client.get(f"{url}?view=week&date={day}")
    assert r.status_code == 200 and r.text.count('class="cal-day') == 7
    r = client.get(f"{url}?view=day&date={day}")
    assert r.text.count('class="cal-day') == 1 and "09:00–11:00" in r.text


def test_booking_from_the_page_and_the_owners_inbox(client, room, resident, delegate, day):
    client.force_login(resident)
    r = client.post(reverse("resources:book", args=[room.pk]), {
        "starts_at": f"{day}T09:00", "ends_at": f"{day}T10:00", "attendees": 3})
    b = Booking.objects.get()
    assert r.status_code == 302 and b.status == BookingStatus.REQUESTED
    # a refusal is shown, nothing written
    r = client.post(reverse("resources:book", args=[room.pk]), {
        "starts_at": f"{day}T06:00", "ends_at": f"{day}T07:00", "attendees": 1}, follow=True)
    assert Booking.objects.count() == 1 and "08:00" in r.text
    # the delegate sees it in the inbox and confirms it
    client.force_login(delegate)
    r = client.get(reverse("resources:inbox"))
    assert f'data-booking="{b.pk}"' in r.text
    r = client.get(reverse("resources:booking-detail", args=[b.pk]))
    assert 'data-testid="confirm"' in r.text
    client.post(reverse("resources:booking-act", args=[b.pk, "confirm"]))
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.CONFIRMED


def test_propose_from_the_page(client, room, resident, delegate, day):
    b = services.booking_request(actor=resident, resource=room, starts_at=at(day, 9),
                                 ends_at=at(day, 10))
    client.force_login(delegate)
    client.post(reverse("resources:booking-propose", args=[b.pk]), {
        "message": "改到下午", "starts_at": f"{day}T15:00", "ends_at": f"{day}T16:00"})
    client.force_login(resident)
    r = client.get(reverse("resources:booking-detail", args=[b.pk]))
    assert "改到下午" in r.text and 'data-testid="accept"' in r.text
    client.post(reverse("resources:booking-act", args=[b.pk, "accept"]))
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.CONFIRMED


def test_a_stranger_gets_404_for_a_booking(client, room, resident, other_resident, day):
    b = services.booking_request(actor=resident, resource=room, starts_at=at(day, 9),
                                 ends_at=at(day, 10))
    client.force_login(other_resident)
    assert client.get(reverse("resources:booking-detail", args=[b.pk])).status_code == 404


def test_what_is_free(client, hall, room, staff, resident, day):
    services.booking_request(actor=staff, resource=hall, starts_at=at(day, 8),
                             ends_at=at(day, 22))
    client.force_login(resident)
    r = client.get(reverse("resources:free"), {"start": day, "end": day, "capacity": 10})
    assert r.status_code == 200
    assert "图书馆会议室" in r.text and "党群服务中心大厅" not in r.text


def test_utilisation_and_its_excel(client, hall, staff, day):
    services.booking_request(actor=staff, resource=hall, starts_at=at(day, 9),
                             ends_at=at(day, 11))
    client.force_login(staff)
    q = {"start": day, "end": day}
    r = client.get(reverse("resources:utilisation"), q)
    assert r.status_code == 200 and "14.0" in r.text and "2.0" in r.text
    r = client.get(reverse("resources:utilisation"), {**q, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "党群服务中心大厅")
    assert row[2:5] == (14.0, 2.0, 0.0)
    r = client.get(reverse("resources:utilisation"), {**q, "by": "unit"})
    assert r.status_code == 200


def test_utilisation_is_not_for_residents(client, resident):
    client.force_login(resident)
    assert client.get(reverse("resources:utilisation")).status_code == 404


def test_new_resource_and_hours(client, tree, staff, day):
    client.force_login(staff)
    r = client.post(reverse("resources:resource-new"), {
        "community": tree.community.pk, "name": "羽毛球场", "kind": "venue", "capacity": 8,
        "bookable_by": "residents"})
    assert r.status_code == 302
    from shequ.resources.models import Resource
    res = Resource.objects.get(name="羽毛球场")
    r = client.post(reverse("resources:hours-set", args=[res.pk]),
                    {"opens_0": "09:00", "closes_0": "18:00"})
    assert list(res.hours.values_list("weekday", flat=True)) == [0]
    r = client.post(reverse("resources:resource-new"), {
        "community": tree.community.pk, "name": "", "kind": "venue", "bookable_by": "residents"})
    assert r.status_code == 400


def test_pairing_pages(client, tree, staff, hall):
    from shequ.testing import factories
    factories.resident(tree.household1, name="党员丙")
    client.force_login(staff)
    r = client.post(reverse("resources:pairing-new"), {
        "community": tree.community.pk, "village": "石桥村", "township": "石桥镇",
        "contact": "村支书"})
    p = Pairing.objects.get()
    assert r.status_code == 302
    url = reverse("resources:exchange-new", args=[p.pk])
    r = client.post(url, {"form": "members", "on_date": dt.date(2026, 7, 1),
                          "registry_names": "党员丙", "people_text": "村党员 3 人",
                          "resources": [hall.pk], "outcome": "共上党课"})
    assert r.status_code == 302, r.text
    e = Exchange.objects.get()
    assert [x.name for x in e.residents.all()] == ["党员丙"] and list(e.resources.all()) == [hall]
    r = client.post(url, {"form": "members", "on_date": "2026-07-02",
                          "registry_names": "查无此人"})
    assert r.status_code == 400 and "查无此人" in r.text
    assert "石桥村" in client.get(reverse("resources:pairing-list")).text
    r = client.get("/api/v1/pairings", **factories.bearer(staff))
    assert r.json()[0]["exchanges"][0]["people"] == ["党员丙", "村党员 3 人"]


def test_photos_and_documents_are_checked_and_served_in_scope(client, settings, tmp_path, hall,
                                                              staff, resident, other_resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shequ.testing import factories
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    png = SimpleUploadedFile("厅.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    client.post(reverse("resources:photo-add", args=[hall.pk]), {"photo": png})
    photo = hall.photos.get().stored
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")
    r = client.post(reverse("resources:agreement-add", args=[hall.pk]), {
        "starts_on": "2026-01-01", "contact": "张主任", "terms": "免费开放", "document": exe},
        follow=True)
    assert not hall.agreements.exists() and "PDF" in r.text
    # a resident of the community sees the photo; someone elsewhere gets 404
    client.force_login(resident)
    url = reverse("resources:file", args=[hall.pk, photo.token])
    assert client.get(url).status_code == 200
    client.force_login(factories.user("community_staff", factories.Tree(prefix="8").community))
    assert client.get(url).status_code == 404


def test_a_unit_joins_the_platform_with_its_delegates_and_quota(client, tree, unit, staff):
    from shequ.testing import factories
    liaison = factories.user("unit_liaison", tree.community, username="liaison1")
    client.force_login(staff)
    url = reverse("resources:member-new")
    r = client.post(url, {"community": tree.community.pk, "unit": unit.pk, "contact": "办公室",
                          "monthly_quota_hours": 20, "delegates": "nobody"})
    assert r.status_code == 400 and "nobody" in r.text
    r = client.post(url, {"community": tree.community.pk, "unit": unit.pk, "contact": "办公室",
                          "monthly_quota_hours": 20, "delegates": "liaison1"})
    assert r.status_code == 302
    from shequ.resources.models import PlatformMember
    m = PlatformMember.objects.get(unit=unit)
    assert m.monthly_quota_hours == 20 and list(m.delegates.all()) == [liaison]
    assert "liaison1" in client.get(reverse("resources:member-list")).text
