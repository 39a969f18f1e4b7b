"""Requests and 代办: who may ask for whom, the authorisation rules (an authorisation past
its date is refused), the deadline in working days, the hand-off trail, the resident's
messages, one rating per request, and the deadline sweep."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.ledgers import workdays
from shequ.notices.models import Notification
from shequ.services import selectors, services
from shequ.services.errors import ServiceErrorCode
from shequ.services.models import Authorisation, RequestChannel, RequestState, ServiceRequest

pytestmark = pytest.mark.django_db


def _auth(staff, resident, days=30, item=None):
    return services.authorisation_record(
        actor=staff, resident=resident, granted_by="王强（儿子）", purpose="代办老年优待证",
        valid_until=timezone.localdate() + dt.timedelta(days=days), item=item)


def test_resident_asks_staff_accept_and_the_deadline_counts_working_days(item, granny, staff):
    # given the resident asks on the portal
    req = services.request_submit(actor=granny.user, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER, note="下午来取")
    assert req.channel == RequestChannel.PORTAL and req.holder == "便民服务窗口1"
    # when staff accept it
    req = services.request_accept(actor=staff, service_request=req)
    # then it is due at the end of the 5th working day on the district calendar
    assert req.state == RequestState.ACCEPTED
    assert req.due_at == workdays.due_at(req.accepted_at, 5)
    assert req.handled_by == staff
    # and the resident was told of the acceptance (not of their own submission)
    links = list(Notification.objects.filter(user=granny.user).values_list("link", flat=True))
    assert links == [f"/services/{req.pk}/"]


def test_hand_off_trail_completion_and_one_rating(item, granny, staff):
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    req = services.request_accept(actor=staff, service_request=req)
    req = services.request_hand_off(actor=staff, service_request=req, to="区民政局老龄科",
                                    note="材料已送")
    req = services.request_hand_off(actor=staff, service_request=req, to="便民服务窗口1")
    req = services.request_complete(actor=staff, service_request=req, note="证件已领")
    trail = [(e.kind, e.holder) for e in selectors.request_trail(req)]
    assert trail == [("submit", "便民服务窗口1"), ("accept", "便民服务窗口1"),
                     ("hand_off", "区民政局老龄科"), ("hand_off", "便民服务窗口1"),
                     ("complete", "便民服务窗口1")]
    # the resident rates once
    services.request_rate(actor=granny.user, service_request=req, rating=5, comment="很方便")
    with pytest.raises(Conflict) as exc:
        services.request_rate(actor=granny.user, service_request=req, rating=1)
    assert exc.value.code == ServiceErrorCode.ALREADY_RATED
    assert ServiceRequest.objects.get(pk=req.pk).rating == 5


def test_rating_is_refused_before_completion_and_outside_1_to_5(item, granny, staff):
    req = services.request_submit(actor=granny.user, item=item, resident=granny,
                                  channel=RequestChannel.PORTAL)
    with pytest.raises(Conflict) as exc:
        services.request_rate(actor=granny.user, service_request=req, rating=4)
    assert exc.value.code == ServiceErrorCode.NOT_COMPLETED
    with pytest.raises(DomainError) as exc:
        services.request_rate(actor=granny.user, service_request=req, rating=9)
    assert exc.value.field == "rating"


def test_a_stale_step_is_told_not_lost(item, granny, staff):
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    seen = req.version
    services.request_accept(actor=staff, service_request=req, version=seen)
    with pytest.raises(Conflict) as exc:
        services.request_refuse(actor=staff, service_request=req, reason="材料不全", version=seen)
    assert exc.value.code == ServiceErrorCode.STALE
    with pytest.raises(Conflict) as exc:
        services.request_accept(actor=staff, service_request=ServiceRequest.objects.get(pk=req.pk))
    assert exc.value.code == ServiceErrorCode.INVALID_TRANSITION


def test_refusal_needs_a_reason_and_tells_the_resident(item, granny, staff):
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    with pytest.raises(DomainError) as exc:
        services.request_refuse(actor=staff, service_request=req, reason=" ")
    assert exc.value.field == "reason"
    services.request_refuse(actor=staff, service_request=req, reason="缺少户口簿")
    assert Notification.objects.filter(user=granny.user, body="缺少户口簿").exists()


def test_proxy_with_a_valid_authorisation(item, granny, grid_worker):
    # a grid worker on a visit, with the son's authorisation for this item
    auth = _auth(grid_worker, granny, item=item)
    req = services.request_submit(actor=grid_worker, item=item, resident=granny,
                                  channel=RequestChannel.VISIT, authorisation=auth,
                                  home_service=True)
    assert req.authorisation == auth and req.home_service


def test_an_authorisation_past_its_date_is_refused(item, granny, staff):
    # recording one already past is refused
    with pytest.raises(DomainError) as exc:
        _auth(staff, granny, days=-1)
    assert exc.value.code == ServiceErrorCode.AUTHORISATION_EXPIRED
    # one that ran out since it was recorded is refused when used
    auth = _auth(staff, granny, days=10)
    Authorisation.objects.filter(pk=auth.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1))
    auth.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.request_submit(actor=staff, item=item, resident=granny,
                                channel=RequestChannel.COUNTER, authorisation=auth)
    assert exc.value.code == ServiceErrorCode.AUTHORISATION_EXPIRED
    assert exc.value.field == "authorisation"
    assert "ran out" in exc.value.message or "已于" in exc.value.message
    assert not ServiceRequest.objects.exists()


def test_an_authorisation_for_another_item_resident_or_revoked_is_refused(
        item, street_item, granny, neighbour, staff):
    auth = _auth(staff, granny, item=street_item)
    with pytest.raises(DomainError) as exc:
        services.request_submit(actor=staff, item=item, resident=granny,
                                channel=RequestChannel.COUNTER, authorisation=auth)
    assert exc.value.code == ServiceErrorCode.AUTHORISATION_MISMATCH
    other = _auth(staff, neighbour)
    with pytest.raises(DomainError):
        services.request_submit(actor=staff, item=item, resident=granny,
                                channel=RequestChannel.COUNTER, authorisation=other)
    general = _auth(staff, granny)
    services.authorisation_revoke(actor=staff, authorisation=general)
    with pytest.raises(DomainError) as exc:
        services.request_submit(actor=staff, item=item, resident=granny,
                                channel=RequestChannel.COUNTER, authorisation=general)
    assert exc.value.code == ServiceErrorCode.AUTHORISATION_REVOKED


def test_home_service_only_for_the_tagged(item, neighbour, staff):
    with pytest.raises(DomainError) as exc:
        services.request_submit(actor=staff, item=item, resident=neighbour,
                                channel=RequestChannel.COUNTER, home_service=True)
    assert exc.value.field == "home_service"


def test_a_grid_worker_acts_in_their_grid_only(item, neighbour, other_grid_worker,
                                               grid_worker):
    services.request_submit(actor=other_grid_worker, item=item, resident=neighbour,
                            channel=RequestChannel.VISIT)
    with pytest.raises(NotFound):
        services.request_submit(actor=grid_worker, item=item, resident=neighbour,
                                channel=RequestChannel.VISIT)


def test_a_resident_sees_and_withdraws_only_their_own(item, granny, neighbour, staff):
    mine = services.request_submit(actor=granny.user, item=item, resident=granny,
                                   channel=RequestChannel.PORTAL)
    theirs = services.request_submit(actor=staff, item=item, resident=neighbour,
                                     channel=RequestChannel.COUNTER)
    assert list(selectors.request_list(actor=granny.user)) == [mine]
    with pytest.raises(NotFound):
        selectors.request_get_for_actor(granny.user, theirs.pk)
    with pytest.raises(NotFound):
        services.request_submit(actor=granny.user, item=item, resident=neighbour,
                                channel=RequestChannel.PORTAL)
    services.request_withdraw(actor=granny.user, service_request=mine)
    assert ServiceRequest.objects.get(pk=mine.pk).state == RequestState.WITHDRAWN


def test_the_sweep_warns_once_before_the_deadline(item, granny, staff):
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    req = services.request_accept(actor=staff, service_request=req)
    # nothing is near its deadline yet
    assert services.requests_warn_due(now=req.accepted_at) == 0
    # a few hours before it passes, the staff member who accepted it is warned — once
    soon = req.due_at - dt.timedelta(hours=3)
    assert services.requests_warn_due(now=soon) == 1
    assert services.requests_warn_due(now=soon) == 0
    note = Notification.objects.get(user=staff, kind="service_deadline")
    assert str(req.pk) in note.title and note.urgency == "action"


def test_the_command_runs_the_sweep(item, granny, staff):
    from io import StringIO

    from django.core.management import call_command
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    services.request_accept(actor=staff, service_request=req)
    ServiceRequest.objects.filter(pk=req.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    out = StringIO()
    call_command("services_warn", stdout=out)
    assert out.getvalue().strip() == "1 service requests warned"


def test_the_trail_is_append_only(item, granny, staff):
    from django.db import DatabaseError, transaction

    from shequ.services.models import RequestEvent
    services.request_submit(actor=staff, item=item, resident=granny,
                            channel=RequestChannel.COUNTER)
    with pytest.raises(DatabaseError), transaction.atomic():
        RequestEvent.objects.update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        RequestEvent.objects.all().delete()
