"""Which accounts a system administrator looks after: every grant (and the home area)
inside their scope; out-of-scope and missing ids fail the same way."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shequ.accounts import selectors, services
from shequ.accounts.models import LoginFailure
from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.core.errors import NotFound
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def _names(qs) -> set[str]:
    return set(qs.values_list("username", flat=True))


def test_street_sysadmin_sees_only_accounts_wholly_inside_the_street(tree, other,
                                                                     street_sysadmin):
    # given
    factories.user(Role.GRID_WORKER, tree.grid1, username="inside")
    factories.user(Role.GRID_WORKER, other.grid, username="outside")
    both = factories.user(Role.COMMUNITY_STAFF, tree.community, username="both")
    services.grant_add(actor=SYSTEM, user=both, role=Role.COMMUNITY_STAFF, area=other.community)
    factories.user(Role.DISTRICT_ADMIN, tree.district, username="above")
    # when
    seen = _names(selectors.user_list(actor=street_sysadmin))
    # then: one grant elsewhere (or above) is enough to leave the street admin's care
    assert seen == {"inside", "sys_street"}


def test_accounts_without_grants_follow_their_home_area(tree, other, street_sysadmin,
                                                        sysadmin):
    # given
    services.user_create(actor=SYSTEM, username="new_here", password=factories.PASSWORD,
                         home_area=tree.community)
    services.user_create(actor=SYSTEM, username="new_there", password=factories.PASSWORD,
                         home_area=other.community)
    services.user_create(actor=SYSTEM, username="cli_made", password=factories.PASSWORD)
    # when
    street = _names(selectors.user_list(actor=street_sysadmin))
    district = _names(selectors.user_list(actor=sysadmin))
    # then: a grant-less account without a home area is the whole territory's
    assert {"new_here"} <= street and not {"new_there", "cli_made"} & street
    assert {"new_here", "new_there", "cli_made"} <= district


def test_a_grant_outside_overrides_the_home_area(tree, other, street_sysadmin):
    # given: home in the street, but a role in the other street
    user = services.user_create(actor=SYSTEM, username="mixed", password=factories.PASSWORD,
                                home_area=tree.community)
    services.grant_add(actor=SYSTEM, user=user, role=Role.COMMUNITY_STAFF, area=other.community)
    # when / then
    assert "mixed" not in _names(selectors.user_list(actor=street_sysadmin))


@pytest.mark.parametrize("role", [Role.COMMUNITY_STAFF, Role.SECADMIN, Role.AUDITOR,
                                  Role.DISTRICT_ADMIN])
def test_other_roles_look_after_nobody(tree, role):
    actor = factories.user(role, tree.district if role != Role.COMMUNITY_STAFF
                           else tree.community)
    factories.user(Role.GRID_WORKER, tree.grid1)
    assert not selectors.user_list(actor=actor).exists()


def test_out_of_scope_and_missing_accounts_are_the_same_not_found(tree, other,
                                                                  street_sysadmin):
    # given
    outside = factories.user(Role.GRID_WORKER, other.grid)
    # when / then
    with pytest.raises(NotFound) as out_of_scope:
        selectors.user_get_for_actor(street_sysadmin, outside.pk)
    with pytest.raises(NotFound) as missing:
        selectors.user_get_for_actor(street_sysadmin, 999_999)
    assert out_of_scope.value.as_dict() == missing.value.as_dict()


def test_filters_search_role_area_and_status(tree, sysadmin):
    # given
    wang = factories.user(Role.GRID_WORKER, tree.grid1, username="wang_wei")
    wang.display_name = "王伟"
    wang.save()
    factories.user(Role.GRID_WORKER, tree.grid2, username="li_na")
    gone = factories.user(Role.SUPERVISOR, tree.community, username="zhao_lei")
    services.user_deactivate(actor=sysadmin, user=gone)
    F = selectors.UserFilters
    # when / then
    assert _names(selectors.user_list(actor=sysadmin, filters=F(q="wang"))) == {"wang_wei"}
    assert _names(selectors.user_list(actor=sysadmin, filters=F(q="王"))) == {"wang_wei"}
    assert _names(selectors.user_list(actor=sysadmin, filters=F(role=Role.GRID_WORKER))) == {
        "wang_wei", "li_na"}
    assert _names(selectors.user_list(actor=sysadmin, filters=F(area=tree.grid2))) == {"li_na"}
    assert _names(selectors.user_list(actor=sysadmin, filters=F(status="inactive"))) == {
        "zhao_lei"}


def test_the_list_costs_the_same_queries_for_more_accounts(tree, sysadmin):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            for u in selectors.user_list(actor=sysadmin)[:50]:
                [g.area.name for g in u.grants.all()]
        return len(ctx)

    # given
    factories.user(Role.GRID_WORKER, tree.grid1)
    count()  # the actor's own grants are read once, then cached
    few = count()
    for _ in range(5):
        factories.user(Role.GRID_WORKER, tree.grid2)
    # when / then
    assert count() == few


def test_grantable_areas_are_the_admin_s_subtree(tree, other, street_sysadmin):
    paths = [a.path for a in selectors.grantable_areas(actor=street_sysadmin)]
    assert tree.street.path in paths and tree.grid2.path in paths
    assert other.street.path not in paths and tree.district.path not in paths


def test_a_lockout_lifts_when_the_fifth_latest_failure_leaves_the_window(tree, secadmin):
    # given: six failures, one a minute, the latest now
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    now = timezone.now()
    for _ in range(6):
        LoginFailure.objects.create(username=user.username)
    for n, failure in enumerate(LoginFailure.objects.filter(username=user.username)
                                .order_by("id")):
        LoginFailure.objects.filter(pk=failure.pk).update(
            at=now - dt.timedelta(minutes=5 - n))
    # when
    [lockout] = selectors.lockout_list(actor=secadmin)
    # then: the fifth latest was 4 minutes ago, so 11 minutes are left
    assert lockout.failures == 6 and lockout.user == user
    assert lockout.until == now - dt.timedelta(minutes=4) + dt.timedelta(minutes=15)
