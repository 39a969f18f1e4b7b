"""Selections: nominations, review, one resident one vote (or N), the window, scope,
hidden results, audit, publishing."""

import datetime as dt
import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from shequ.campaigns import selectors, services
from shequ.campaigns.models import Selection, Vote
from shequ.core.errors import Conflict, DomainError, Forbidden
from shequ.core.models import AuditEvent
from shequ.testing.factories import Tree
from shequ.volunteers.tests.conftest import person


def test_one_resident_one_vote(voting, alice):
    selection, a, b = voting
    services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    with pytest.raises(Conflict) as err:
        services.vote_cast(actor=alice.user, selection=selection, nomination=b)
    assert err.value.code == "no_votes_left"
    with pytest.raises(Conflict) as err:
        services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    assert err.value.code == "already_voted"
    assert Vote.objects.count() == 1


def test_up_to_n_different_candidates(voting, alice):
    selection, a, b = voting
    Selection.objects.filter(pk=selection.pk).update(votes_per_voter=2)
    selection.refresh_from_db()
    services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    services.vote_cast(actor=alice.user, selection=selection, nomination=b)
    assert sorted(Vote.objects.values_list("slot", flat=True)) == [1, 2]


def test_database_refuses_a_second_vote_in_the_same_slot(voting, alice):
    selection, a, b = voting
    services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(selection=selection, nomination=b, voter=alice, slot=1,
                            path=alice.path)


def test_out_of_scope_and_staff_votes_are_refused(voting, staff):
    selection, a, _b = voting
    stranger = person(Tree().household1, "外人")
    with pytest.raises(Forbidden) as err:
        services.vote_cast(actor=stranger.user, selection=selection, nomination=a)
    assert err.value.code == "out_of_scope"
    with pytest.raises(Forbidden):
        services.vote_cast(actor=staff, selection=selection, nomination=a)


def test_votes_outside_the_window_are_refused(voting, alice):
    selection, a, _b = voting
    Selection.objects.filter(pk=selection.pk).update(
        vote_closes_at=timezone.now() - dt.timedelta(seconds=1))
    selection.refresh_from_db()
    with pytest.raises(Conflict) as err:
        services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    assert err.value.code == "voting_closed"


def test_rejected_nominations_are_not_candidates(selection, staff, alice):
    n = services.nomination_submit(actor=alice.user, selection=selection, nominee="李家",
                                   reason="热心肠的一家人")
    with pytest.raises(DomainError):
        services.nomination_review(actor=staff, nomination=n, accept=False, note="")
    services.nomination_review(actor=staff, nomination=n, accept=False, note="材料不全")
    with pytest.raises(DomainError):
        services.selection_open_voting(actor=staff, selection=selection,
                                       opens_at=timezone.now(),
                                       closes_at=timezone.now() + dt.timedelta(days=1))


def test_every_vote_is_audited(voting, alice):
    selection, a, _b = voting
    vote = services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    event = AuditEvent.objects.get(action="vote", entity_id=str(selection.pk))
    assert event.actor_id == alice.user.pk and event.after["nomination"] == a.pk
    assert event.summary == f"vote {vote.pk}"


def test_results_hidden_until_close_then_published(voting, alice, carol, bob, staff):
    selection, a, b = voting
    for voter, n in ((alice, a), (carol, b), (bob, a)):
        services.vote_cast(actor=voter.user, selection=selection, nomination=n)
    hidden = selectors.results(staff, selection)
    assert (hidden.visible, hidden.total, hidden.rows) == (False, 3, [])
    with pytest.raises(Conflict):
        services.selection_publish(actor=staff, selection=selection)
    Selection.objects.filter(pk=selection.pk).update(
        vote_closes_at=timezone.now() - dt.timedelta(seconds=1))
    selection.refresh_from_db()
    services.selection_publish(actor=staff, selection=selection)
    shown = selectors.results(alice.user, selection)
    assert [(n.nominee, c) for n, c in shown.rows] == [("王家", 2), ("陈家", 1)]
    a.refresh_from_db()
    assert (a.rank, a.votes) == (1, 2)


def test_vote_over_the_api_and_page(client, voting, alice):
    selection, a, b = voting
    client.force_login(alice.user)
    r = client.post(f"/api/v1/campaigns/selections/{selection.pk}/votes",
                    json.dumps({"nomination": a.pk}), content_type="application/json")
    assert r.status_code == 201
    r = client.post(f"/api/v1/campaigns/selections/{selection.pk}/votes",
                    json.dumps({"nomination": b.pk}), content_type="application/json")
    assert (r.status_code, r.json()["code"]) == (409, "no_votes_left")
    detail = client.get(f"/api/v1/campaigns/selections/{selection.pk}").json()
    assert detail["results_visible"] is False and detail["votes_cast"] == 1
    assert all(c["votes"] is None for c in detail["candidates"])
    page = client.get(reverse("campaigns:selection-detail", args=[selection.pk])).content.decode()
    assert 'data-testid="results-hidden"' in page


def test_staff_run_a_selection_through_the_pages(client, staff, place, alice):
    client.force_login(staff)
    r = client.post(reverse("campaigns:selection-new"), {
        "community": place.community.pk, "title": "孝善之家", "kind": "filial_home",
        "votes_per_voter": 2, "winners": 3, "hide_results": "on"})
    selection = Selection.objects.get(title="孝善之家")
    assert r.status_code == 302 and selection.votes_per_voter == 2
    client.force_login(alice.user)
    client.post(reverse("campaigns:nominate", args=[selection.pk]),
                {"nominee": "王家", "reason": "三代同堂孝老爱亲"})
    nomination = selection.nominations.get()
    client.force_login(staff)
    client.post(reverse("campaigns:review", args=[selection.pk, nomination.pk]),
                {"decision": "accept"})
    now = timezone.localtime()
    client.post(reverse("campaigns:open-voting", args=[selection.pk]), {
        "opens_at": (now - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")})
    selection.refresh_from_db()
    assert selection.state == "voting"
    client.force_login(alice.user)
    client.post(reverse("campaigns:vote", args=[selection.pk]), {"nomination": nomination.pk})
    assert Vote.objects.filter(selection=selection, voter=alice).count() == 1
    page = client.get(reverse("campaigns:selection-list")).content.decode()
    assert "孝善之家" in page
