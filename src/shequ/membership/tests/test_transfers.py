"""Membership transfers: requested → sent → confirmed (the member moves then, and only
then) or returned; refusals for no destination, the same branch, a second open transfer,
a branch out of sight; a transfer out of the district ends the member's dues here."""

import pytest
from django.utils import timezone

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.membership import selectors, services
from shequ.membership.models import DuesProfile
from shequ.notices.models import Notification
from shequ.registry.models import PartyMember


def test_member_moves_only_on_confirmation(staff, orgs, member):
    t = services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    assert PartyMember.objects.get(pk=member.pk).org == orgs["a"]
    t = services.transfer_send(actor=staff, transfer=t, letter_number="党介字〔2026〕12号")
    assert PartyMember.objects.get(pk=member.pk).org == orgs["a"]
    t = services.transfer_confirm(actor=staff, transfer=t)
    assert t.state == "confirmed" and t.confirmed_on == timezone.localdate()
    assert PartyMember.objects.get(pk=member.pk).org == orgs["b"]
    assert Notification.objects.filter(user=member.resident.user,
                                       kind="membership_transfer").exists()


def test_dues_follow_the_member_to_the_new_branch(staff, orgs, member):
    services.dues_profile_set(actor=staff, member=member, category="student")
    t = services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    services.transfer_send(actor=staff, transfer=t, letter_number="12")
    services.transfer_confirm(actor=staff, transfer=t)
    assert DuesProfile.objects.get(member=member).path == orgs["b"].path
    assert [line.name for line in selectors.branch_dues(actor=staff, org=orgs["b"])] == ["党员甲"]


def test_a_transfer_to_the_same_branch_is_refused(staff, orgs, member):
    with pytest.raises(DomainError) as err:
        services.transfer_request(actor=staff, member=member, to_org=orgs["a"])
    assert err.value.code == "same_branch" and err.value.field == "to_org"


def test_an_organisation_that_does_not_exist_is_refused(db):
    with pytest.raises(NotFound) as err:
        selectors.org_by_id(10**9)
    assert err.value.field == "to_org"


def test_a_destination_is_required_and_only_one(staff, orgs, member):
    for kwargs in ({}, {"to_org": orgs["b"], "to_external": "外省某支部"}):
        with pytest.raises(DomainError) as err:
            services.transfer_request(actor=staff, member=member, **kwargs)
        assert err.value.code == "no_destination"


def test_leaving_the_district_needs_a_reason(staff, member):
    with pytest.raises(DomainError) as err:
        services.transfer_request(actor=staff, member=member, to_external="成都市某党支部")
    assert err.value.field == "reason"


def test_one_open_transfer_per_member(staff, orgs, member):
    services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    with pytest.raises(Conflict) as err:
        services.transfer_request(actor=staff, member=member, to_org=orgs["community"])
    assert err.value.code == "transfer_open"


def test_confirm_before_the_letter_is_refused(staff, orgs, member):
    t = services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    with pytest.raises(Conflict) as err:
        services.transfer_confirm(actor=staff, transfer=t)
    assert err.value.code == "invalid_transition"


def test_returned_transfer_leaves_the_member_in_place(staff, orgs, member):
    t = services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    services.transfer_send(actor=staff, transfer=t, letter_number="12")
    t = services.transfer_return(actor=staff, transfer=t, reason="介绍信抬头有误")
    assert t.state == "returned"
    assert PartyMember.objects.get(pk=member.pk).org == orgs["a"]
    services.transfer_request(actor=staff, member=member, to_org=orgs["b"])  # may try again


def test_out_of_the_district_ends_the_dues_here(staff, orgs, member):
    services.dues_profile_set(actor=staff, member=member, category="student")
    t = services.transfer_request(actor=staff, member=member, to_external="成都市某党支部",
                                  reason="工作调动")
    services.transfer_send(actor=staff, transfer=t, letter_number="12")
    services.transfer_confirm(actor=staff, transfer=t)
    assert PartyMember.objects.get(pk=member.pk).org == orgs["a"]   # where they left from
    assert selectors.branch_dues(actor=staff, org=orgs["a"]) == []
    with pytest.raises(Conflict) as err:
        services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    assert err.value.code == "member_left"


def test_staff_elsewhere_cannot_move_a_member(far, member, orgs):
    with pytest.raises(NotFound):
        services.transfer_request(actor=far["staff"], member=member, to_org=orgs["b"])


def test_the_receiving_side_sees_and_confirms(staff, orgs, far):
    """A member of another district moved into our branch: our staff see it and confirm."""
    t = services.transfer_request(actor=far["staff"], member=far["member"], to_org=orgs["a"])
    services.transfer_send(actor=far["staff"], transfer=t, letter_number="7")
    assert [x.pk for x in selectors.transfer_list(actor=staff, direction="in")] == [t.pk]
    assert list(selectors.transfer_list(actor=staff, direction="out")) == []
    services.transfer_confirm(actor=staff, transfer=t)
    assert PartyMember.objects.get(pk=far["member"].pk).org == orgs["a"]


def test_supervisor_may_not_confirm(staff, supervisor, orgs, member):
    t = services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    services.transfer_send(actor=staff, transfer=t, letter_number="12")
    with pytest.raises(Forbidden):
        services.transfer_confirm(actor=supervisor, transfer=t)
