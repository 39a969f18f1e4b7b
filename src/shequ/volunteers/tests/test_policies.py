"""The volunteers' permission policies: one per scoped model, registered through the app's
manifest, answering by place — staff act in their community and not beyond it, a grid
worker sees but may not manage, and a refusal hides what lies outside the scope."""

import pytest

from shequ.core import policies as core_policies
from shequ.core.actors import SYSTEM
from shequ.core.errors import Forbidden, NotFound
from shequ.core.scoping import ScopedQuerySet
from shequ.testing import factories
from shequ.volunteers import models
from shequ.volunteers.policies import (
    Action,
    need_policy,
    organisation_policy,
    reward_policy,
    volunteer_policy,
)


def test_every_scoped_model_of_the_app_has_a_registered_policy():
    # given the app's models that are scoped by place
    scoped = {m for m in vars(models).values()
              if isinstance(m, type) and hasattr(m, "objects")
              and isinstance(m.objects.all(), ScopedQuerySet)}
    # then each one has the policy the app declared in its manifest
    assert scoped
    for model in scoped:
        assert core_policies.policy_for(model).model is model


@pytest.mark.django_db
def test_staff_manage_teams_in_their_community_only(tree, staff):
    # given a community's staff member and a second, unrelated tree
    other = factories.Tree()
    # when they ask about the two communities
    # then they may manage their own and are told the other does not exist
    assert organisation_policy.can(staff, Action.MANAGE_VOLUNTEERS, tree.community)
    assert not organisation_policy.can(staff, Action.MANAGE_VOLUNTEERS, other.community)
    organisation_policy.require(staff, Action.MANAGE_VOLUNTEERS, tree.community)
    with pytest.raises(NotFound):
        organisation_policy.require(staff, Action.MANAGE_VOLUNTEERS, other.community)


@pytest.mark.django_db
def test_a_grid_worker_sees_volunteers_but_may_not_manage_them(tree, grid_worker):
    # given a grid worker of grid 1
    home = tree.household1.path
    # then they see a volunteer living there, may post a need there, but not manage:
    # the refusal is Forbidden (they can see it), not NotFound
    assert volunteer_policy.can(grid_worker, Action.VIEW_VOLUNTEERS, home)
    assert need_policy.can(grid_worker, Action.POST_NEEDS, home)
    assert not volunteer_policy.can(grid_worker, Action.MANAGE_VOLUNTEERS, home)
    with pytest.raises(Forbidden):
        volunteer_policy.require(grid_worker, Action.MANAGE_VOLUNTEERS, home)


@pytest.mark.django_db
def test_points_are_seen_with_view_points(tree, grid_worker):
    # given a grid worker, who holds no points action
    # when they try to manage a reward of their community
    # then the points policy says it does not exist (they may not even view points)
    with pytest.raises(NotFound):
        reward_policy.require(grid_worker, Action.MANAGE_POINTS, tree.community)


@pytest.mark.django_db
def test_the_system_actor_is_allowed_and_none_is_nobody(tree):
    # given work nobody signed in asked for
    # then the system actor is allowed, and None (nobody) is refused
    assert need_policy.can(SYSTEM, Action.MANAGE_VOLUNTEERS, tree.community)
    assert not need_policy.can(None, Action.MANAGE_VOLUNTEERS, tree.community)
    with pytest.raises(NotFound):
        need_policy.require(None, Action.MANAGE_VOLUNTEERS, tree.community)


@pytest.mark.django_db
def test_a_resident_without_staff_actions_is_refused(tree):
    # given a signed-in resident of the community
    resident_user = factories.user("resident", tree.community)
    # then they may not manage needs there, and are told the need does not exist
    assert not need_policy.can(resident_user, Action.MANAGE_VOLUNTEERS, tree.community)
    with pytest.raises(NotFound):
        need_policy.require(resident_user, Action.MANAGE_VOLUNTEERS, tree.community)


@pytest.mark.django_db
def test_the_system_actor_marks_verifies_and_confirms_without_a_user(volunteer, need, place):
    # given work done by the system (a loader, another module's service), not by a user
    import datetime as dt

    from django.utils import timezone

    from shequ.volunteers import services
    now = timezone.now()
    # when it marks attendance, verifies the hours and confirms a volunteer for a need
    record = services.attendance_mark(
        actor=SYSTEM, volunteer=volunteer, source="test:system", title="服务",
        path=volunteer.path, check_in_at=now - dt.timedelta(hours=1), check_out_at=now)
    record, entry = services.record_verify(actor=SYSTEM, record=record)
    assignment = services.assignment_confirm(actor=SYSTEM, need=need, volunteer=volunteer)
    # then the rows name no user, and the hours earned points
    record.refresh_from_db()
    assignment.refresh_from_db()
    assert (record.marked_by, record.verified_by, record.state) == (None, None, "verified")
    assert assignment.confirmed_by is None and assignment.state == "confirmed"
    assert entry.amount > 0 and entry.actor is None


@pytest.mark.django_db
def test_a_confirmed_volunteer_is_asked_at_once(volunteer, need, staff):
    from shequ.notices.models import Notification
    from shequ.volunteers import services

    services.assignment_confirm(actor=staff, need=need, volunteer=volunteer)
    note = Notification.objects.get(kind="volunteer_assignment")
    assert note.user_id == volunteer.resident.user_id and note.cadence == "immediate"
    assert need.title in note.title
