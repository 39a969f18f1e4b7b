"""Matters from proposal to decision: the pre-review, the 议事会's quorum, votes and
decision, the immutable history and the refusals a user would meet."""

import pytest
from django.db import DatabaseError, transaction

from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.deliberation import services
from shequ.deliberation.models import AgendaItem, Matter, MatterEvent, MatterStatus, Vote
from shequ.testing import factories


def _vote_all(staff, item, choices):
    invitees = list(item.meeting.invitees.order_by("id"))
    for invitee, choice in zip(invitees, choices, strict=False):
        services.vote_cast(actor=staff, item=item, invitee=invitee, choice=choice)


def test_a_matter_goes_from_proposal_to_a_passed_decision(staff, approved, council):
    # given a matter approved for deliberation on a 议事会 agenda, all three present
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    services.attendance_set(actor=staff, meeting=council,
                            present=list(council.invitees.values_list("pk", flat=True)))
    # when two vote for and one against, and the decision is recorded
    _vote_all(staff, item, ["for", "for", "against"])
    matter = services.item_decide(actor=staff, item=item)
    # then it passed with the counts, and every step is in its history
    assert matter.status == MatterStatus.PASSED
    assert (matter.votes_for, matter.votes_against, matter.votes_abstain) == (2, 1, 0)
    steps = list(MatterEvent.objects.filter(matter=matter).values_list("step", flat=True))
    assert steps == ["create", "submit", "approve", "schedule", "decide"]


def test_a_matter_without_a_majority_for_is_not_passed(staff, approved, council):
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    services.attendance_set(actor=staff, meeting=council,
                            present=list(council.invitees.values_list("pk", flat=True)))
    _vote_all(staff, item, ["for", "against", "abstain"])
    assert services.item_decide(actor=staff, item=item).status == MatterStatus.REJECTED


def test_a_returned_matter_is_amended_and_proposed_again(tree, staff):
    matter = services.matter_create(actor=staff, community=tree.community, kind="project",
                                    title="加装电梯", submit=True)
    with pytest.raises(DomainError) as err:  # returning needs comments
        services.matter_review(actor=staff, matter=matter, approve=False)
    assert err.value.field == "note"
    matter = services.matter_review(actor=staff, matter=matter, approve=False, note="补充预算")
    matter = services.matter_update(actor=staff, matter=matter, kind="project",
                                    title="加装电梯", budget="300000")
    matter = services.matter_submit(actor=staff, matter=matter)
    assert matter.status == MatterStatus.PROPOSED and matter.review_note == "补充预算"


def test_a_matter_not_pre_reviewed_cannot_go_on_the_agenda_nor_be_decided(tree, staff,
                                                                          council):
    # given a proposed matter the party committee has not reviewed
    matter = services.matter_create(actor=staff, community=tree.community, kind="decision",
                                    title="调整议事规则", submit=True)
    with pytest.raises(DomainError) as err:
        services.agenda_add(actor=staff, meeting=council, matter=matter)
    assert err.value.code == "not_reviewed"
    # and forced onto the agenda behind the services' back, it still cannot be decided
    item = AgendaItem.objects.create(meeting=council, matter=matter, topic=matter.title)
    services.attendance_set(actor=staff, meeting=council,
                            present=list(council.invitees.values_list("pk", flat=True)))
    with pytest.raises(DomainError) as err:
        services.item_decide(actor=staff, item=item)
    assert err.value.code == "not_reviewed"
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.PROPOSED


def test_no_vote_and_no_decision_without_the_quorum(staff, approved, council):
    # given one of three invitees present (2/3 needed)
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    first = council.invitees.order_by("id").first()
    services.attendance_set(actor=staff, meeting=council, present=[first.pk])
    with pytest.raises(DomainError) as err:
        services.vote_cast(actor=staff, item=item, invitee=first, choice="for")
    assert err.value.code == "no_quorum" and "1" in err.value.message
    with pytest.raises(DomainError) as err:
        services.item_decide(actor=staff, item=item)
    assert err.value.code == "no_quorum"
    assert not Vote.objects.exists()


def test_a_configured_quorum_of_one_half_is_met_by_half(tree, staff, committee, approved):
    import datetime as dt

    from django.utils import timezone
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="council",
                                      title="议事会", starts_at=timezone.now() + dt.timedelta(1),
                                      quorum_num=1, quorum_den=2)
    for m in committee:
        services.invitee_add(actor=staff, meeting=meeting, member=m)
    first = meeting.invitees.first()
    services.attendance_set(actor=staff, meeting=meeting, present=[first.pk])
    item = services.agenda_add(actor=staff, meeting=meeting, matter=approved)
    services.vote_cast(actor=staff, item=item, invitee=first, choice="for")
    assert services.item_decide(actor=staff, item=item).status == MatterStatus.PASSED


def test_a_second_vote_by_one_member_is_refused(staff, approved, council):
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    services.attendance_set(actor=staff, meeting=council,
                            present=list(council.invitees.values_list("pk", flat=True)))
    invitee = council.invitees.first()
    services.vote_cast(actor=staff, item=item, invitee=invitee, choice="for")
    with pytest.raises(Conflict) as err:
        services.vote_cast(actor=staff, item=item, invitee=invitee, choice="against")
    assert err.value.code == "already_voted"
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against) == (1, 0)


def test_an_absent_invitee_does_not_vote(staff, approved, council):
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    a, b, c = council.invitees.order_by("id")
    services.attendance_set(actor=staff, meeting=council, present=[a.pk, b.pk])
    with pytest.raises(DomainError) as err:
        services.vote_cast(actor=staff, item=item, invitee=c, choice="for")
    assert err.value.code == "not_present"


def test_a_decision_needs_a_majority_of_the_attendees_voting(staff, approved, council):
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    services.attendance_set(actor=staff, meeting=council,
                            present=list(council.invitees.values_list("pk", flat=True)))
    _vote_all(staff, item, ["for"])
    with pytest.raises(DomainError) as err:
        services.item_decide(actor=staff, item=item)
    assert err.value.code == "no_majority"


def test_a_secret_ballot_keeps_who_voted_but_not_how(tree, staff, committee, approved):
    import datetime as dt

    from django.utils import timezone
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="council",
                                      title="无记名议事会", secret_ballot=True,
                                      starts_at=timezone.now() + dt.timedelta(1))
    for m in committee:
        services.invitee_add(actor=staff, meeting=meeting, member=m)
    services.attendance_set(actor=staff, meeting=meeting,
                            present=list(meeting.invitees.values_list("pk", flat=True)))
    item = services.agenda_add(actor=staff, meeting=meeting, matter=approved)
    _vote_all(staff, item, ["for", "against"])
    assert set(Vote.objects.filter(item=item).values_list("choice", flat=True)) == {""}
    assert not {f.name for f in Vote._meta.fields} & {"at", "created_at", "position"}
    matter = services.item_decide(actor=staff, item=item)
    assert (matter.votes_for, matter.votes_against, matter.status) == (1, 1, "rejected")


def test_history_rows_cannot_be_changed_or_deleted(approved):
    event = MatterEvent.objects.filter(matter=approved).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        MatterEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        MatterEvent.objects.filter(pk=event.pk).delete()


def test_staff_of_another_community_are_told_the_matter_does_not_exist(approved):
    other = factories.Tree()
    outsider = factories.user("community_staff", other.community)
    with pytest.raises(NotFound):
        services.matter_review(actor=outsider, matter=approved, approve=True)


def test_the_supervisor_reads_but_cannot_propose(tree):
    supervisor = factories.user("supervisor", tree.community)
    with pytest.raises(DomainError):
        services.matter_create(actor=supervisor, community=tree.community, kind="funds",
                               title="x")


def test_a_negative_budget_is_refused(tree, staff):
    with pytest.raises(DomainError) as err:
        services.matter_create(actor=staff, community=tree.community, kind="funds",
                               title="x", budget="-1")
    assert err.value.field == "budget"
