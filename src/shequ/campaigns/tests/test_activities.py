"""Activities: places, waiting list and promotion, QR check-in, roll call, and volunteers'
hours turning into a service record that staff verify for points."""

import pytest
from django.urls import reverse

from shequ.campaigns import services
from shequ.campaigns.models import Signup
from shequ.core.errors import Conflict, Forbidden, NotFound
from shequ.testing.factories import Tree
from shequ.volunteers import services as volunteer_services
from shequ.volunteers.models import PointsAccount, ServiceRecord
from shequ.volunteers.tests.conftest import person


def test_full_activity_puts_people_on_the_waiting_list_and_promotes(activity, alice, carol):
    first = services.signup_create(actor=alice.user, activity=activity)
    second = services.signup_create(actor=carol.user, activity=activity)
    assert (first.state, second.state) == ("confirmed", "waiting")
    promoted = services.signup_cancel(actor=alice.user, signup=first)
    assert promoted.pk == second.pk
    assert Signup.objects.get(pk=second.pk).state == "confirmed"


def test_signing_up_twice_is_refused(activity, alice):
    services.signup_create(actor=alice.user, activity=activity)
    with pytest.raises(Conflict):
        services.signup_create(actor=alice.user, activity=activity)


def test_other_communities_cannot_sign_up(activity):
    stranger = person(Tree().household1, "外人")
    with pytest.raises(NotFound):
        services.signup_create(actor=stranger.user, activity=activity)


def test_volunteer_places_need_a_registered_volunteer(activity, carol):
    with pytest.raises(Forbidden):
        services.signup_create(actor=carol.user, activity=activity, role="volunteer")


def test_volunteer_hours_at_an_activity_flow_into_the_bank(activity, alice, volunteer, staff):
    # given a volunteer signed up to help at the activity
    signup = services.signup_create(actor=alice.user, activity=activity, role="volunteer")
    # when staff take the roll call
    services.attendance_mark(actor=staff, activity=activity, attended_ids=[signup.pk])
    # then a service record of the activity's two hours waits for verification
    record = ServiceRecord.objects.get(volunteer=volunteer, source=f"activity:{activity.pk}")
    assert (record.state, record.minutes) == ("submitted", 120)
    assert not PointsAccount.objects.filter(resident=alice).exists()
    # and once verified the volunteer has 20 points
    volunteer_services.record_verify(actor=staff, record=record)
    assert PointsAccount.objects.get(resident=alice).balance == 20


def test_qr_check_in_marks_attendance_once(activity, alice, volunteer):
    services.signup_create(actor=alice.user, activity=activity, role="volunteer")
    signup = services.activity_check_in(actor=alice.user, token=activity.checkin_token)
    assert signup.attended
    assert ServiceRecord.objects.get(volunteer=volunteer).state == "checked_in"
    with pytest.raises(Conflict):
        services.activity_check_in(actor=alice.user, token=activity.checkin_token)


def test_pages(client, activity, alice, staff):
    client.force_login(alice.user)
    assert "道德讲堂" in client.get(reverse("campaigns:activity-list")).content.decode()
    client.post(reverse("campaigns:sign-up", args=[activity.pk]), {"role": "participant"})
    page = client.get(reverse("campaigns:activity-detail", args=[activity.pk])).content.decode()
    assert 'data-testid="my-signup"' in page and "<svg" not in page
    client.force_login(staff)
    page = client.get(reverse("campaigns:activity-detail", args=[activity.pk])).content.decode()
    assert "<svg" in page and "王芳" in page
    client.post(reverse("campaigns:report", args=[activity.pk]), {"report": "到场三十人"})
    activity.refresh_from_db()
    assert activity.state == "done"


def test_photo_must_be_an_image(client, activity, staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    client.post(reverse("campaigns:photo-add", args=[activity.pk]), {"image": bad})
    assert not activity.photos.exists()
    good = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    client.post(reverse("campaigns:photo-add", args=[activity.pk]), {"image": good})
    photo = activity.photos.get()
    assert client.get(reverse("campaigns:photo", args=[photo.pk])).status_code == 200
