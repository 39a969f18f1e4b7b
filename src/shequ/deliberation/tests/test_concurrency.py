"""Two clerks recording the same member's vote at the same moment leave one vote and one
refusal: the database's unique constraint decides, not a check that both pass."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict
from shequ.deliberation import services
from shequ.deliberation.models import AgendaItem, Vote
from shequ.testing import factories
from shequ.volunteers.tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _ready(tree):
    staff = [factories.user("community_staff", tree.community) for _ in range(2)]
    matter = services.matter_create(actor=SYSTEM, community=tree.community, kind="funds",
                                    title="更换路灯", submit=True)
    services.matter_review(actor=SYSTEM, matter=matter, approve=True)
    meeting = services.meeting_create(actor=SYSTEM, community=tree.community, kind="council",
                                      title="议事会", starts_at=timezone.now() + dt.timedelta(1))
    for user in staff:
        services.invitee_add(actor=SYSTEM, meeting=meeting, user=user)
    services.attendance_set(actor=SYSTEM, meeting=meeting,
                            present=list(meeting.invitees.values_list("pk", flat=True)))
    item = services.agenda_add(actor=SYSTEM, meeting=meeting, matter=matter)
    return staff, item, meeting.invitees.first()


def test_two_clerks_recording_one_members_vote_at_once_leave_one_vote(tree):
    (a, b), item, invitee = _ready(tree)
    results = race(
        lambda: services.vote_cast(actor=a, item=item, invitee=invitee, choice="for"),
        lambda: services.vote_cast(actor=b, item=item, invitee=invitee, choice="against"))
    assert sum(isinstance(r, Vote) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Vote)]
    assert len(refused) == 1 and isinstance(refused[0], Conflict)
    assert refused[0].code == "already_voted"
    item = AgendaItem.objects.get(pk=item.pk)
    assert Vote.objects.filter(item=item).count() == 1
    assert item.votes_for + item.votes_against == 1


def test_the_database_refuses_a_second_vote_row(tree):
    _staff, item, invitee = _ready(tree)
    Vote.objects.create(item=item, invitee=invitee, choice="for")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(item=item, invitee=invitee, choice="against")
