"""The dashboard's talent figures: open posts per community (not the closed nor the
expired), the consenting reserve and this month's hires per grid; another area's staff
see only theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.talent import services
from shequ.talent.figures import FIGURES
from shequ.talent.models import Demand, Profile, Referral
from shequ.talent.tests.conftest import code, post_fields
from shequ.testing import factories as f


def _post(unit, **kw):
    fields = post_fields(**kw) | {"lat": None, "lng": None}
    return Demand.objects.create(unit=unit, path=unit.path, **fields)


@pytest.fixture
def other(tree):
    return f.second_community(tree)


@pytest.fixture
def rows(tree, unit, alice, bob, other):
    """Posts in both communities (one recruiting in each, and in the first a closed and an
    expired one), alice consenting to the reserve and hired, bob not."""
    other_unit = org_services.unit_create(actor=SYSTEM, name="南苑超市", credit_code=code(12),
                                          kind="enterprise", area=other)
    now, today = timezone.now(), timezone.localdate()
    open_post = _post(unit)
    _post(unit, state="closed")
    _post(unit, deadline=today - dt.timedelta(days=1))
    _post(other_unit)
    profiles = [Profile.objects.create(resident=r, consented=consented, path=r.path,
                                       consent_at=now if consented else None)
                for r, consented in ((alice, True), (bob, False))]
    Referral.objects.create(demand=open_post, profile=profiles[0], state="hired",
                            path=profiles[0].path)
    Referral.objects.create(demand=_post(unit), profile=profiles[1], state="interviewed",
                            path=profiles[1].path)
    return open_post, profiles


def test_talent_figures_per_area_and_in_scope(tree, rows, other):
    admin = f.user(Role.STREET_ADMIN, tree.street)
    street = f.figure_place(tree.street, tree.community)
    assert f.figure_values(FIGURES, "talent.open_posts", admin, street) == {
        tree.community.path: 2, other.path: 1}
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    assert f.figure_values(FIGURES, "talent.open_posts", theirs, street) == {other.path: 1}

    grids = f.figure_place(tree.community, tree.grid1)
    assert f.figure_values(FIGURES, "talent.reserve", admin, grids) == {tree.grid1.path: 1}
    assert f.figure_values(FIGURES, "talent.hired", admin, grids) == {tree.grid1.path: 1}
    worker = f.user(Role.GRID_WORKER, tree.grid2)
    assert f.figure_values(FIGURES, "talent.reserve", worker, grids) == {}
    assert f.figure_values(FIGURES, "talent.hired", theirs, grids) == {}


def test_a_hire_counts_in_the_month_it_is_recorded(tree, demand, alice_profile, recruiter):
    # given a referral made long ago
    r = Referral.objects.create(demand=demand, profile=alice_profile, state="interviewed",
                                path=alice_profile.path)
    Referral.objects.filter(pk=r.pk).update(changed_at=timezone.now() - dt.timedelta(days=400))
    grids = f.figure_place(tree.community, tree.grid1)
    assert f.figure_values(FIGURES, "talent.hired", SYSTEM, grids) == {}
    # when the recruiter records the hire today, then it counts this month
    services.referral_advance(actor=recruiter, referral=r, state="hired")
    assert f.figure_values(FIGURES, "talent.hired", SYSTEM, grids) == {tree.grid1.path: 1}


def test_each_talent_figure_drills_to_the_records_it_counts(client, tree, rows, other, alice):
    # given the street's administrator and the other community's staff
    open_post, (alice_profile, _bob) = rows
    admin = f.user(Role.STREET_ADMIN, tree.street)
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    community = f.figure_place(tree.community, tree.grid1)
    grid1 = f.figure_place(tree.grid1)

    def drilled(key, actor, place):
        return f.drill_rows(client, FIGURES, f"talent.{key}", actor, place)

    # then the recruiting posts of the community are its list's (not the closed, the
    # expired nor the other community's), the reserve and the hires of a grid are its own
    posts = drilled("open_posts", admin, community)
    assert len(posts) == 2 and open_post in posts
    assert {d.path for d in posts} == {tree.community.path}
    assert drilled("reserve", admin, grid1) == [alice_profile]
    assert [r.profile_id for r in drilled("hired", admin, grid1)] == [alice_profile.pk]
    assert drilled("reserve", admin, f.figure_place(tree.grid2)) == []
    # and another community's staff drilling into the first community see nothing
    for key in ("open_posts", "reserve", "hired"):
        assert drilled(key, theirs, community) == []
    assert len(drilled("open_posts", theirs, f.figure_place(other))) == 1
